#!/usr/bin/env bash
# Builds the same synthetic handbook with mentorkit, Hugo, Zola and mdBook (those installed)
# and prints each one's time and mentorkit's time as a ratio of it.
#
#   benches/compare.sh          # N = 10000 guides, 3 runs each (hyperfine if installed)
#   benches/compare.sh 1000
#   OUTPUT_DIR=/dev/shm/compare benches/compare.sh   # each tool builds into OUTPUT_DIR/<tool>
#
# By default each tool builds into its project's own output folder, deleted before each run.
# OUTPUT_DIR on tmpfs (/dev/shm) leaves out the disk's cost of creating files right after
# deleting as many, which on ext4 without a journal can be most of a build's time.
#
# Hugo: Debian package `hugo`. mdBook: `cargo install mdbook`. Zola: not on crates.io or in
# Debian bookworm; put a `zola` binary on PATH to include it.
# The other generators get the same Markdown (front matter converted, embeds replaced by a
# line of text, which they have no equivalent for) and a minimal layout: title, content,
# previous/next in the section. mentorkit does more per page (navigation, table of contents,
# breadcrumbs, embed cards, link checking), so the comparison is conservative.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
RUNS=${RUNS:-3}
WORK=$(realpath -m "${WORK:-target/bench}/compare-$N")
cargo build --release --quiet --bin mentorkit --example mentorkit-gen
BIN=$PWD/target/release/mentorkit
rm -rf "$WORK" && mkdir -p "$WORK"
target/release/examples/mentorkit-gen "$WORK/mentorkit" --guides "$N" 2>/dev/null
SRC=$WORK/mentorkit/content/guides
if [ -n "${OUTPUT_DIR:-}" ]; then
  OUTPUT_DIR=$(realpath -m "$OUTPUT_DIR"); mkdir -p "$OUTPUT_DIR"
  OUT_MK=$OUTPUT_DIR/mentorkit OUT_HUGO=$OUTPUT_DIR/hugo OUT_ZOLA=$OUTPUT_DIR/zola OUT_MDBOOK=$OUTPUT_DIR/mdbook
  trap 'rm -rf "$OUT_MK" "$OUT_HUGO" "$OUT_ZOLA" "$OUT_MDBOOK"; rmdir "$OUTPUT_DIR" 2>/dev/null || true' EXIT
else
  OUT_MK=$WORK/mentorkit/public OUT_HUGO=$WORK/hugo/public OUT_ZOLA=$WORK/zola/public OUT_MDBOOK=$WORK/mdbook/book
fi

# Hugo site
mkdir -p "$WORK/hugo/content" "$WORK/hugo/layouts/_default"
cat > "$WORK/hugo/hugo.toml" <<'TOML'
baseURL = "/"
title = "Synthetic Handbook"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
relativeURLs = true
TOML
cat > "$WORK/hugo/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>
HTML
cat > "$WORK/hugo/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}
HTML
cat > "$WORK/hugo/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
HTML
# Zola site (same content, shortcode-free)
mkdir -p "$WORK/zola/content" "$WORK/zola/templates"
printf 'base_url = "/"\ntitle = "Synthetic Handbook"\ncompile_sass = false\nbuild_search_index = false\n[markdown]\n' > "$WORK/zola/config.toml"
printf '<!DOCTYPE html><html><head><title>{{ page.title }}</title></head><body><h1>{{ page.title }}</h1>{{ page.content | safe }}{%% if page.lower %%}<a href="{{ page.lower.permalink }}">{{ page.lower.title }}</a>{%% endif %%}</body></html>\n' > "$WORK/zola/templates/page.html"
printf '<!DOCTYPE html><html><body><h1>{{ section.title }}</h1><ul>{%% for p in section.pages %%}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{%% endfor %%}</ul></body></html>\n' > "$WORK/zola/templates/section.html"
cp "$WORK/zola/templates/section.html" "$WORK/zola/templates/index.html"
# mdBook
mkdir -p "$WORK/mdbook/src"
printf '[book]\ntitle = "Synthetic Handbook"\n[output.html]\nno-section-label = true\n[output.html.search]\nenable = false\n' > "$WORK/mdbook/book.toml"
echo "# Summary" > "$WORK/mdbook/src/SUMMARY.md"

# Convert each guide once: front matter kept for Hugo (YAML) and Zola (TOML), dropped for mdBook.
python3 - "$SRC" "$WORK" <<'PY'
import os, re, sys
src, work = sys.argv[1], sys.argv[2]
embed = re.compile(r'^\{\{ (\w+)\(id="([^"]+)"\) \}\}$', re.M)
summary = open(os.path.join(work, "mdbook/src/SUMMARY.md"), "a")
for section in sorted(os.listdir(src)):
    for tool in ("hugo", "zola"):
        os.makedirs(os.path.join(work, tool, "content", section), exist_ok=True)
    open(os.path.join(work, "zola/content", section, "_index.md"), "w").write(f'+++\ntitle = "{section}"\nsort_by = "weight"\n+++\n')
    summary.write(f"- [{section}]({section}/README.md)\n")
    os.makedirs(os.path.join(work, "mdbook/src", section), exist_ok=True)
    open(os.path.join(work, "mdbook/src", section, "README.md"), "w").write(f"# {section}\n")
    for group in sorted(os.listdir(os.path.join(src, section))):
        for tool in ("hugo", "zola", "mdbook/src"):
            os.makedirs(os.path.join(work, tool, "content" if tool != "mdbook/src" else "", section, group), exist_ok=True)
        open(os.path.join(work, "zola/content", section, group, "_index.md"), "w").write(f'+++\ntitle = "{group}"\nsort_by = "weight"\n+++\n')
        summary.write(f"  - [{group}]({section}/{group}/README.md)\n")
        open(os.path.join(work, "mdbook/src", section, group, "README.md"), "w").write(f"# {group}\n")
        for name in sorted(os.listdir(os.path.join(src, section, group))):
            text = open(os.path.join(src, section, group, name)).read()
            _, front, body = text.split("---\n", 2)
            body = embed.sub(lambda m: f"*See {m.group(1)} {m.group(2)}.*", body)
            fields = dict(line.split(": ", 1) for line in front.strip().splitlines())
            title, weight = fields["title"], fields["weight"]
            open(os.path.join(work, "hugo/content", section, group, name), "w").write(f"---\ntitle: {title}\nweight: {weight}\n---\n{body}")
            open(os.path.join(work, "zola/content", section, group, name), "w").write(f"+++\ntitle = {title}\nweight = {weight}\n+++\n{body}")
            open(os.path.join(work, "mdbook/src", section, group, name), "w").write(f"# {title.strip(chr(34))}\n{body}")
            summary.write(f"    - [{title.strip(chr(34))}]({section}/{group}/{name})\n")
PY

run() { # run NAME COMMAND: prints the median wall time in seconds
  local name=$1; shift
  if command -v hyperfine >/dev/null; then
    nice -n 19 hyperfine --style none --runs "$RUNS" --export-json "$WORK/$name.json" "$*" >/dev/null 2>&1
    python3 -c "import json;print(json.load(open('$WORK/$name.json'))['results'][0]['median'])"
  else
    local best=
    for _ in $(seq "$RUNS"); do
      local t; t=$( { nice -n 19 /usr/bin/time -f "%e" bash -c "$*" >/dev/null 2>/dev/null; } 2>&1 | tail -1 )
      best=$(printf '%s\n%s\n' "$best" "$t" | grep . | sort -g | head -1)
    done
    echo "$best"
  fi
}

echo "$N guides, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), median of $RUNS runs, output into $(dirname "$OUT_MK")"
mk=$(run mentorkit "rm -rf $OUT_MK && $BIN build --root $WORK/mentorkit --output $OUT_MK")
printf '%-10s %8.2f s\n' mentorkit "$mk"
if command -v hugo >/dev/null; then
  t=$(run hugo "rm -rf $OUT_HUGO && hugo --quiet --source $WORK/hugo --destination $OUT_HUGO")
  printf '%-10s %8.2f s   mentorkit takes %.3fx the time of Hugo (%.1fx faster)\n' hugo "$t" "$(echo "$mk / $t" | bc -l)" "$(echo "$t / $mk" | bc -l)"
else echo "hugo       not installed (apt-get install hugo)"; fi
if command -v zola >/dev/null; then
  t=$(run zola "rm -rf $OUT_ZOLA && cd $WORK/zola && zola build --output-dir $OUT_ZOLA")
  printf '%-10s %8.2f s   mentorkit takes %.3fx the time of Zola (%.1fx faster)\n' zola "$t" "$(echo "$mk / $t" | bc -l)" "$(echo "$t / $mk" | bc -l)"
else echo "zola       not installed (not on crates.io or in Debian bookworm)"; fi
if command -v mdbook >/dev/null; then
  # mdBook puts the whole table of contents on every page, so its time grows with N squared:
  # one run, stopped after MDBOOK_LIMIT seconds.
  limit=${MDBOOK_LIMIT:-300}
  rm -rf "$OUT_MDBOOK"
  start=$(date +%s.%N)
  if timeout "$limit" nice -n 19 mdbook build --dest-dir "$OUT_MDBOOK" "$WORK/mdbook" >/dev/null 2>&1; then
    t=$(echo "$(date +%s.%N) - $start" | bc -l)
    printf '%-10s %8.2f s   mentorkit takes %.3fx the time of mdBook (%.1fx faster)\n' mdbook "$t" "$(echo "$mk / $t" | bc -l)" "$(echo "$t / $mk" | bc -l)"
  else
    printf '%-10s over %s s (stopped)   mentorkit takes under %.3fx the time of mdBook (over %.0fx faster)\n' mdbook "$limit" "$(echo "$mk / $limit" | bc -l)" "$(echo "$limit / $mk" | bc -l)"
  fi
else echo "mdbook     not installed (cargo install mdbook)"; fi
