import sys

from interview_lab.cli import main

sys.exit(main())
