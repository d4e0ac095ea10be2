"""manage.py load_curriculum: load (or only check, with --check) the curriculum's content files."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from langso.learning.services.curriculum import CurriculumError, load_curriculum, read_curriculum


class Command(BaseCommand):
    help = "Load the skills, lessons, steps and practice questions from langso/learning/curriculum/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="only check the files; write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["check"]:
                skills, sets = read_curriculum()
                self.stdout.write(
                    f"The curriculum is complete: {len(skills)} skills, {len(sets)} certificate sets."
                )
                return
            report = load_curriculum()
        except CurriculumError as error:
            raise CommandError("The curriculum has problems:\n- " + "\n- ".join(error.problems)) from error
        self.stdout.write(
            f"Curriculum: {report.skills} skills, {report.lessons} lessons, {report.steps} steps, "
            f"{report.questions} questions, {report.certificate_sets} certificate sets."
        )
