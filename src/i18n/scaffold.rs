//! Messages of `onboard scaffold` and `onboard audit`.

catalogue!(Scaffold { placeholder });

pub const FR: Scaffold = Scaffold {
    placeholder: "à venir",
};

pub const EN: Scaffold = Scaffold {
    placeholder: "to come",
};
