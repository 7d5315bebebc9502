"""gunicorn settings for `make serve`; workers and threads come from the environment.

Each worker is a process with its own spaCy pipeline (loaded on first generation) and its own
database pool; threads share them. A class answering questions is I/O-bound, so a few threads
per worker serve it better than many processes.
"""

import multiprocessing
import os

bind = os.environ.get("QUIZAPP_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("QUIZAPP_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("QUIZAPP_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("QUIZAPP_TIMEOUT", "60"))
keepalive = 5
accesslog = os.environ.get("QUIZAPP_ACCESS_LOG") or None
errorlog = "-"
