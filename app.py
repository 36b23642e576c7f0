"""Start the web app: `python app.py [--host 127.0.0.1] [--port 7860]` (or ADVISOR_HOST / ADVISOR_PORT)."""

import os
import sys

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.app.ui import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
