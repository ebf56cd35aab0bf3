#!/usr/bin/env bash
# Regenerates docs/performance.md: extraction against spaCy, ingest throughput on one core
# and on two, index size, `ask` latency cold and warm, serve cold start and memory.
#
#   scripts/bench.sh                     # 10k and 100k articles (about 5 minutes on an idle
#                                        # 2-core machine, 15 on a loaded one)
#   SIZES=1000000 scripts/bench.sh       # add the 1M run (about 10 minutes on an idle
#                                        # machine; results are kept, so later runs report
#                                        # it without measuring again)
#   KEEP_INDEX=1 SIZES=1000000 scripts/bench.sh
#                                        # measure serving again on the kept 1M index, after
#                                        # a change that leaves indexing as it was
#
# Needs Linux (/proc, taskset, /usr/bin/time) and ../shared/corpora. Cold runs drop the page
# cache (`sync; echo 3 > /proc/sys/vm/drop_caches`, root only); without that permission they
# run in a fresh process only, and the report says so. spaCy is measured when
# ~/spacy-venv exists (set-up: the header of ../shared/bench/spacy_speed.py), else skipped.
# Corpora, indexes and results live under target/bench (BENCH_DIR), never in the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"10000 100000"}
BENCH=${BENCH_DIR:-target/bench}
CORPORA=${CORPORA:-../shared/corpora}
SPACY=${SPACY_PYTHON:-$HOME/spacy-venv/bin/python}
RESULTS=$BENCH/results
W=target/release/whosaid

cargo build --release --quiet
mkdir -p "$RESULTS/sizes" "$BENCH/corpora" "$BENCH/data"

drop_caches() {
    sync
    echo 3 2>/dev/null >/proc/sys/vm/drop_caches
}
# Runs a command in a memory cgroup of $1 MB that counts the page cache it brings in (v2
# `memory.max`, or v1 `memory.limit_in_bytes`); returns 2 where none can be made (not root,
# no memory controller).
memory_cgroup() {
    local mb=$1 cg=""
    shift
    if [ -f /sys/fs/cgroup/cgroup.controllers ] && grep -qw memory /sys/fs/cgroup/cgroup.controllers; then
        cg=/sys/fs/cgroup/whosaid-bench
        echo +memory >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || true
        mkdir -p "$cg" 2>/dev/null && echo "${mb}M" 2>/dev/null >"$cg/memory.max" || return 2
    elif [ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then
        cg=/sys/fs/cgroup/memory/whosaid-bench
        mkdir -p "$cg" 2>/dev/null && echo $((mb << 20)) 2>/dev/null >"$cg/memory.limit_in_bytes" || return 2
    else
        return 2
    fi
    (echo "$BASHPID" >"$cg/cgroup.procs" && exec "$@")
}

if drop_caches; then
    cold="the page cache was dropped before the process started (\`sync; echo 3 > /proc/sys/vm/drop_caches\`)"
else
    cold="a fresh process; the page cache could **not** be dropped (not permitted here), so the index may have been cached"
fi

cat >"$RESULTS/machine.json" <<EOF
{"cpu": "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//; s/"//g')",
 "cores": $(nproc), "memory_gb": $(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo),
 "kernel": "$(uname -r)", "date": "$(date -u +%Y-%m-%d)",
 "commit": "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo '+changes')",
 "cold_cache": "$cold"}
EOF

echo "== extraction: whosaid and spaCy on 1,000 Reuters articles, one core" >&2
head -n 1000 "$CORPORA/reuters21578/articles.jsonl" >"$BENCH/reuters-1000.jsonl"
taskset -c 0 "$W" bench extract "$BENCH/reuters-1000.jsonl" --n 1000 >"$RESULTS/extract.json"
if [ -x "$SPACY" ]; then
    OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 BLIS_NUM_THREADS=1 \
        taskset -c 0 "$SPACY" "$CORPORA/../bench/spacy_speed.py" "$BENCH/reuters-1000.jsonl" \
        --n 1000 >"$RESULTS/spacy.json"
else
    echo "spaCy skipped: $SPACY is absent" >&2
    rm -f "$RESULTS/spacy.json"
fi

for n in $SIZES; do
    corpus=$BENCH/corpora/$n.jsonl
    out=$RESULTS/sizes/$n
    mkdir -p "$out"
    if [ ! -s "$corpus.questions.tsv" ]; then
        echo "== $n: generating the corpus" >&2
        "$W" bench generate "$n" "$corpus" --corpora "$CORPORA" >"$out/generate.json"
    fi
    # One core for 10k and 100k; the 1M run ingests once, on both cores.
    threads="1 2"
    [ "$n" -ge 1000000 ] && threads="2"
    for t in $threads; do
        if [ "${KEEP_INDEX:-0}" = 1 ] && [ -d "$BENCH/data/$n-2" ] && [ -s "$out/ingest-$t.json" ]; then
            echo "== $n: ingest, $t thread(s): kept from the last run (KEEP_INDEX=1)" >&2
            continue
        fi
        echo "== $n: ingest, $t thread(s)" >&2
        data=$BENCH/data/$n-$t
        rm -rf "$data"
        pin=()
        [ "$t" = 1 ] && pin=(taskset -c 0)
        "${pin[@]}" "$W" --data-dir "$data" bench ingest "$corpus" --threads "$t" >"$out/ingest-$t.json"
    done
    data=$BENCH/data/$n-2
    rm -rf "$BENCH/data/$n-1"
    echo "== $n: serve cold start, ask cold and warm" >&2
    drop_caches || true
    /usr/bin/time -f '{"wall_s": %e, "max_rss_kb": %M}' -o "$out/serve-start.json" \
        "$W" --data-dir "$data" serve --check
    drop_caches || true
    "$W" --data-dir "$data" bench ask "$corpus.questions.tsv" --label cold >"$out/ask-cold.json"
    "$W" --data-dir "$data" bench ask "$corpus.questions.tsv" --warmup 1 --label warm >"$out/ask-warm.json"
    # The same, in a process given 500 MB for heap and page cache together: the serving
    # memory target. Caches dropped first so every index page it reads is charged to it.
    drop_caches || true
    rc=0
    memory_cgroup 500 "$W" --data-dir "$data" bench ask "$corpus.questions.tsv" --warmup 1 \
        --label "500 MB" >"$out/ask-limited.json.tmp" || rc=$?
    rm -f "$out/ask-limited.json"
    case $rc in
    0) mv "$out/ask-limited.json.tmp" "$out/ask-limited.json" ;;
    2) echo "memory-limited pass skipped: no memory cgroup could be made (needs root)" >&2 ;;
    *) echo "the memory-limited pass failed (exit $rc): it did not fit in 500 MB" >&2 ;;
    esac
    rm -f "$out/ask-limited.json.tmp"
    # Keep the 1M index for re-measuring; smaller ones are quick to rebuild.
    [ "$n" -ge 1000000 ] || rm -rf "$data"
done

"$W" bench report "$RESULTS" --command "scripts/bench.sh" --notes scripts/bench-notes.md \
    >docs/performance.md
echo "wrote docs/performance.md" >&2
