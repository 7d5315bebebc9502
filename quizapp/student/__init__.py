"""Student pages: practice quizzes, joining a class, one question per page, feedback and results.

Only the pages live here (views.py, forms.py); what they do is in quizapp/domain.
"""
