"""The ceiling for the load benchmark: a bare Flask app that returns a short page."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index() -> str:
    return "<!doctype html><title>ok</title><p>A short page.</p>"
