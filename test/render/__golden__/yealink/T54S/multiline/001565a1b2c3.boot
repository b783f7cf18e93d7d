#!version:1.0.0.1
## Yealink SIP-T54S boot file for 001565a1b2c3: the phone loads the listed files in order,
## later files override earlier ones (paths are relative to this boot file).
include:config "y000000000070.cfg"
include:config "001565a1b2c3.cfg"

## 1 = a parameter removed from the files above returns to its factory default.
overwrite_mode = 1
