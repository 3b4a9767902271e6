"""Trainer mode: a case's model answer, and a trainee's questionnaire and proposal graded against it."""

from .check import case_problems
from .grade import POINTS, AnswerGrade, ClassSummary, Grade, Part, Pick, grade
from .model import ModelAnswer, model_answer
from .work import Proposal, Work, blank_proposal, read_work

__all__ = ["POINTS", "AnswerGrade", "ClassSummary", "Grade", "ModelAnswer", "Part", "Pick", "Proposal", "Work",
           "blank_proposal", "case_problems", "grade", "model_answer", "read_work"]
