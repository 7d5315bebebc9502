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
# gthread, with new connections waiting for their first request in the poller rather than in a
# thread (quizapp/gunicorn_worker.py).
worker_class = "quizapp.gunicorn_worker.PollingThreadWorker"
timeout = int(os.environ.get("QUIZAPP_TIMEOUT", "60"))
# Longer than any client or proxy keeps an idle connection (nginx's upstream default is 60 s):
# with 5 s, a student who read the feedback for 5 s sent the next request on a connection
# gunicorn was closing, and got no answer (seen once in the PostgreSQL class benchmark).
# Idle connections only wait in the gthread worker's poller.
keepalive = int(os.environ.get("QUIZAPP_KEEPALIVE", "75"))
accesslog = os.environ.get("QUIZAPP_ACCESS_LOG") or None
errorlog = "-"
