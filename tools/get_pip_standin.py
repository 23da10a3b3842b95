"""Stand-in for get-pip.py, which ansible-test downloads from the internet when it builds a
sanity-test virtual environment; these machines cannot reach it. ansible-test runs this
file as __main__ inside the new environment with pip's arguments; bundled ensurepip gives
pip, which then installs the versions ansible-test asked for from the package index.
"""

import subprocess
import sys

GET_PIP_ONLY = ("--no-setuptools", "--no-wheel")

subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"])
arguments = [argument for argument in sys.argv[1:] if argument not in GET_PIP_ONLY]
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install"] + arguments))
