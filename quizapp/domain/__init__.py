"""The domain layer: everything the pages do, as plain functions by entity. The views of
quizapp/student, quizapp/teacher and quizapp/auth call these; only these talk to the models
and to the generator.

    article_text    read pasted or uploaded text into an ArticleText (title, paragraphs)
    articles        stored articles: store, find, who may read which, the marked source
    question_bank   a teacher's bank: add an article, copy a sample, review, approve, edit,
                    regenerate; the one call to the generator
    samples         the sample articles (seeds/): imported on first start, a practice quiz each
    question_checks the checks each question passes or fails, in a teacher's words
    quizzes         build a quiz, pick the best N, the practice quizzes
    attempts        start, the question page's query, answer, feedback, results
    hot_reads       the reads behind every student page, run on the database driver itself
    verdicts        finished, passed, not finished, and the words the pages show for them
    class_sessions  open, join, close, live results
    exports         results as CSV, a quiz as Moodle GIFT, the printable worksheet
    item_analysis   what classes' answers say of each question: numbers, flags, CSV; review a
                    flagged key, replace a distractor nobody picks
    overview        what a teacher's home page lists
    teachers        accounts and passwords
    database        whether the database answers (the load balancer's probe)
    transaction     the one rule for writing: each command commits itself
    errors          NotFound, which the app shows as a 404 page
"""
