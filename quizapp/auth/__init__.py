"""Teachers' log in and log out pages; accounts themselves are in quizapp/domain/teachers.py."""
