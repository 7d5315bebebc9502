from quizapp.quiz.views import bp

__all__ = ["bp"]
