from quizapp.classroom.views import bp

__all__ = ["bp"]
