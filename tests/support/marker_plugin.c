/* A stand-in for a hostile compiler plugin: when loaded into a process it creates the file
   named by RIGHTFIT_MARKER_FILE. Tests assert rightfit never loads it from a compile
   database, and that clang does when asked (so the test would notice). */
#include <stdio.h>
#include <stdlib.h>

__attribute__((constructor)) static void mark_loaded(void) {
  const char* path = getenv("RIGHTFIT_MARKER_FILE");
  if (!path) return;
  FILE* f = fopen(path, "w");
  if (f) {
    fputs("loaded\n", f);
    fclose(f);
  }
}
