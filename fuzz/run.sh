#!/bin/sh
# Fuzz one target for a while, gently (2 shared cores): seeds its corpus from real inputs
# (../shared/corpora when present, prompts/, and the committed reproducers), then runs
# libFuzzer in one process. Usage, from the repository root:
#   fuzz/run.sh TARGET [SECONDS]       e.g. fuzz/run.sh extract 1200
# Logs go to fuzz/logs/TARGET.log; crashes and hangs to fuzz/artifacts/TARGET/.
set -eu
target=$1
secs=${2:-1200}
root=$(cd "$(dirname "$0")/.." && pwd)
corpora=${WHOSAID_CORPORA:-$root/../shared/corpora}
corpus=$root/fuzz/corpus/$target
mkdir -p "$corpus" "$root/fuzz/logs" "$root/fuzz/artifacts/$target"
python3 "$root/fuzz/seed.py" "$target" "$corpus" "$corpora" "$root"
case $target in
  feed) max_len=65536 ;;
  question) max_len=1200 ;;
  template) max_len=9000 ;;
  *) max_len=8192 ;;
esac
cd "$root/fuzz"
# Build unless asked not to (NO_BUILD=1 fuzzes the last build while the sources change).
if [ -z "${NO_BUILD:-}" ]; then
  nice -n 10 cargo +nightly fuzz build -O "$target" >"logs/$target.build.log" 2>&1
fi
exec nice -n 10 "target/x86_64-unknown-linux-gnu/release/$target" "corpus/$target" \
  -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
  -print_final_stats=1 -artifact_prefix="artifacts/$target/" >"logs/$target.log" 2>&1
