from ..rule import Rule


class Readable(Rule):
    code = "IO001"
    name = "readable-page"
    summary = "The file must be a non-empty UTF-8 Markdown page whose front matter is valid YAML."
    rationale = ("A page that cannot be read cannot be checked, built or searched. The linter reports it "
                 "with the file and line and goes on with every other file.")
    good = "---\ntitle: Redis latency spikes on fork\n...\n---\n# Redis latency spikes on fork\n"
    bad = "---\ntitle: [unclosed\n---\n"

    def check(self, page, ctx):
        return iter(())  # reading happens in the engine, which reports under this code


RULE = Readable()
