/* Test helper for tests/validate: edits that hdf5-tools cannot make.
 *   h5edit FILE unlink OBJECT        remove OBJECT (e.g. daily/population)
 *   h5edit FILE setint NAME VALUE    set the int attribute NAME of / (e.g. member 3), as the
 *                                    sweep runner does for its members
 *   h5edit FILE setstr NAME VALUE    set the string attribute NAME of / (e.g. git_commit)  */
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
  hid_t f;
  int   ok = 0;

  if (argc < 4 || (strcmp(argv[2], "unlink") && argc != 5)) {
    fprintf(stderr, "usage: h5edit FILE unlink OBJECT | h5edit FILE setint|setstr NAME VALUE\n");
    return 2;
  }
  f = H5Fopen(argv[1], H5F_ACC_RDWR, H5P_DEFAULT);
  if (f >= 0 && !strcmp(argv[2], "unlink"))
    ok = H5Ldelete(f, argv[3], H5P_DEFAULT) >= 0;
  else if (f >= 0 && !strcmp(argv[2], "setint")) {
    int   v  = atoi(argv[4]);
    hid_t sp = H5Screate(H5S_SCALAR), a;
    if (H5Aexists(f, argv[3]) > 0) H5Adelete(f, argv[3]);
    a  = H5Acreate2(f, argv[3], H5T_STD_I32LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    ok = a >= 0 && H5Awrite(a, H5T_NATIVE_INT, &v) >= 0;
    if (a >= 0) H5Aclose(a);
    H5Sclose(sp);
  } else if (f >= 0 && !strcmp(argv[2], "setstr")) {
    hid_t sp = H5Screate(H5S_SCALAR), t = H5Tcopy(H5T_C_S1), a;
    H5Tset_size(t, strlen(argv[4]) + 1);
    if (H5Aexists(f, argv[3]) > 0) H5Adelete(f, argv[3]);
    a  = H5Acreate2(f, argv[3], t, sp, H5P_DEFAULT, H5P_DEFAULT);
    ok = a >= 0 && H5Awrite(a, t, argv[4]) >= 0;
    if (a >= 0) H5Aclose(a);
    H5Tclose(t);
    H5Sclose(sp);
  }
  if (f >= 0) H5Fclose(f);
  if (!ok) fprintf(stderr, "h5edit: %s %s %s failed\n", argv[1], argv[2], argv[3]);
  return ok ? 0 : 1;
}
