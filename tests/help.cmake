# -help of every executable (src/io/help.c): `ctest -R help --output-on-failure`.
#   help_options  the tools' own options, each with a default and a meaning, migrasim's in groups;
#                 PETSc's generic help only with -help_petsc; -help creates nothing
ms_shell_tests(PREFIX help_ DIR ${CMAKE_CURRENT_LIST_DIR}/help LABELS help TESTS options:120:2)
