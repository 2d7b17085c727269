# Settings tests (tests/settings/*.sh, scenarios in tests/settings/CASE): the settings of
# MODEL.md section 7b on small scenarios whose outcomes follow from the formulas by hand,
# each on 1 and 3 ranks with the same /daily bit for bit; Flee's whole settings layout and
# the refusal of every misspelt key, unsupported feature and unknown option.
# `ctest -L settings --output-on-failure`.
#   observed  optimisations.hasten, empty_camps_on_day0, initial_idps; the tools' observed series
#   zones     the column conflict_intensity
ms_shell_tests(PREFIX settings_ DIR ${CMAKE_CURRENT_LIST_DIR}/settings LABELS settings
  TESTS # name:ctest TIMEOUT:PROCESSORS
  observed:180:3
  zones:180:3)
