/* Test-only stand-in for Windows' bcryptprimitives.dll, for Debian's Wine
 * 8.0, which lacks it: Rust 1.78 and newer get random bytes from its
 * ProcessPrng, so their binaries cannot start under that Wine. This forwards
 * ProcessPrng to RtlGenRandom (SystemFunction036, in advapi32). Built with
 * mingw-w64 by packaging/windows.sh and put beside the .exe under test; never
 * shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
