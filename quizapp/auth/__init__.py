from quizapp.auth.views import bp

__all__ = ["bp"]
