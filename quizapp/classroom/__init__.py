"""Teacher pages: articles, question review, quizzes, class sessions and exports.

The blueprint is in views.py; importing the package loads nothing else, so the plain
functions of one package can be used by another without a cycle through the views.
"""
