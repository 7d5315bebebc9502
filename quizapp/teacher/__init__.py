"""Teacher pages under /teach: articles, question review, quizzes, class sessions and exports.

Only the pages live here (views.py, forms.py); what they do is in quizapp/domain.
"""
