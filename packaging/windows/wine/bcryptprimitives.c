/* Test-only stand-in for bcryptprimitives.dll, part of every Windows the reader supports but missing from
   Wine 8. cryptography's Rust core (the data-package signatures) imports ProcessPrng from it; here it asks
   Wine's bcrypt for the system RNG, as Windows' own ProcessPrng does. Never bundled: check.sh compiles it
   into the Wine prefix's system32 only. */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
