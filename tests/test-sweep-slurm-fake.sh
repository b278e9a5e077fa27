#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-sweep-slurm-fake.sh - the failure paths of `hyperlab-cli sweep --slurm`
# against stand-ins for sbatch, squeue and scancel (no cluster, no root):
# sbatch runs the array's tasks as background processes, squeue reports
# them while any lives.  What a real cluster does in the happy path is
# test-sweep-slurm.sh's part.
set -euo pipefail

cli=${HYPERLAB_CLI:?HYPERLAB_CLI names the hyperlab-cli to test}
examples=${HYPERLAB_EXAMPLES:?}
base=$(mktemp -d /tmp/hl-slurm-fake-XXXXXX)
trap 'rm -rf "$base"' EXIT
fail() { echo "not ok - $*"; exit 1; }
n=0
ok() { n=$(( n + 1 )); echo "ok $n - $*"; }

# ---- the stand-ins -------------------------------------------------------------
# FAKE_SBATCH=fail: refuse the job; FAKE_TERM_TASK=N: SIGTERM task N once
# it trains (its time limit); FAKE_SQUEUE=purged: once the tasks are gone,
# squeue no longer knows the job (MinJobAge passed).
mkdir -p "$base/bin" "$base/sbatch-only"
cat > "$base/bin/sbatch" <<'EOF'
#!/bin/bash
PATH=/usr/bin:/bin
echo "$*" > "$FAKE_DIR/sbatch.args"
if [[ ${FAKE_SBATCH:-} == fail ]]; then
  echo "sbatch: error: invalid partition specified: nope" >&2
  exit 1
fi
array= out= script=
while (( $# )); do
  case $1 in
    --array=*) array=${1#--array=} ;;
    --output) out=$2; shift ;;
    -*) ;;
    *) script=$1 ;;
  esac
  shift
done
cp "$script" "$FAKE_DIR/job.sh"   # the record, and the script in it, go when the sweep ends
: > "$FAKE_DIR/pids"
for (( i = ${array%-*}; i <= ${array#*-}; i++ )); do
  log=${out//%a/$i}
  SLURM_ARRAY_TASK_ID=$i "$script" < /dev/null > "$log" 2>&1 &
  echo $! >> "$FAKE_DIR/pids"
  if [[ ${FAKE_TERM_TASK:-} == "$i" ]]; then
    # its time limit: once its first trial trains
    ( pid=$!
      for (( n = 0; n < 300; n++ )); do grep -q ": training" "$log" 2>/dev/null && break; sleep 0.1; done
      sleep 0.5
      kill -TERM "$pid" ) < /dev/null > /dev/null 2>&1 &
  fi
done
echo 42
EOF
cat > "$base/bin/squeue" <<'EOF'
#!/bin/bash
PATH=/usr/bin:/bin
for p in $(cat "$FAKE_DIR/pids"); do
  if kill -0 "$p" 2>/dev/null; then echo 42; exit 0; fi
done
if [[ ${FAKE_SQUEUE:-} == purged ]]; then
  echo "slurm_load_jobs error: Invalid job id specified" >&2
  exit 1
fi
EOF
cat > "$base/bin/scancel" <<'EOF'
#!/bin/bash
PATH=/usr/bin:/bin
for p in $(cat "$FAKE_DIR/pids"); do kill -TERM "$p" 2>/dev/null; done
exit 0
EOF
chmod +x "$base"/bin/*
cp "$base/bin/sbatch" "$base/sbatch-only/"
export FAKE_DIR=$base

# Trials of 1 or 2 epochs, and of many (no value twice: a grid tries it
# once): task 1 of 2 gets trials 2 and 4, the long ones.
cat > "$base/mixed.sweep.json" <<EOF
{ "format": "hyperlab-sweep", "version": 1, "name": "mixed", "base": "$examples/spiral.hyperlab.json",
  "space": { "training.epochs": { "values": [1, 100000, 2, 100001] },
             "early_stopping.enabled": { "values": [false] },
             "dataset.samples": { "values": [20000] } },
  "pruning": { "method": "none" } }
EOF
cat > "$base/short.sweep.json" <<EOF
{ "format": "hyperlab-sweep", "version": 1, "name": "short", "base": "$examples/spiral.hyperlab.json",
  "space": { "optimizer.learning_rate": { "values": [0.3, 0.1] }, "training.epochs": { "values": [1] },
             "training.threads": { "values": [1, 2] } } }
EOF

# ---- without squeue (or scancel) nothing is submitted ----------------------
rm -f "$base/sbatch.args"
rc=0
out=$(PATH="$base/sbatch-only" /usr/bin/timeout -k 5 20 "$cli" sweep "$base/short.sweep.json" --slurm \
        --store "$base/store1" 2>&1) || rc=$?
[[ $rc -eq 1 ]] || fail "exit $rc without squeue, not 1: $out"
grep -q "squeue is not on the PATH" <<<"$out" || fail "no word of squeue: $out"
[[ ! -e $base/sbatch.args ]] || fail "submitted without squeue"
ok "sweep --slurm: squeue and scancel are looked for before submitting"

# ---- the job is gone from squeue before the command looks (MinJobAge) ------
rc=0
out=$(FAKE_SQUEUE=purged PATH="$base/bin:$PATH" timeout -k 5 60 "$cli" sweep "$base/short.sweep.json" --slurm \
        --store "$base/store3" 2>&1) || rc=$?
[[ $rc -eq 0 ]] || fail "exit $rc once squeue no longer knows the job, not 0 (124: it waited for ever): $out"
grep -q "Best: #" <<<"$out" || fail "no ranking: $out"
ok "sweep --slurm: a job squeue no longer knows has ended"

# ---- sbatch refuses the job: its message, and no work folder left ----------
rc=0
out=$(FAKE_SBATCH=fail PATH="$base/bin:$PATH" timeout -k 5 20 "$cli" sweep "$base/short.sweep.json" --slurm \
        --store "$base/store2" 2>&1) || rc=$?
[[ $rc -eq 1 ]] || fail "exit $rc when sbatch fails, not 1: $out"
grep -q "invalid partition specified" <<<"$out" || fail "sbatch's message is not shown: $out"
[[ ! -e $base/store2/.sweeps ]] || fail "a work folder was left for a job never submitted: $(find "$base/store2")"
ok "sweep --slurm: a refused job leaves no work folder"

# ---- each task asks for as many CPUs as its most-threaded trial takes ---------
rc=0
out=$(PATH="$base/bin:$PATH" timeout -k 5 60 "$cli" sweep "$base/short.sweep.json" --slurm \
        --store "$base/store5" 2>&1) || rc=$?
[[ $rc -eq 0 ]] || fail "exit $rc: $out"
# the trials take 1 and 2 threads
grep -q -- "--cpus-per-task=2 " "$base/sbatch.args" || fail "not the trials' most threads: $(cat "$base/sbatch.args")"
ok "sweep --slurm: CPUs per task for the most threads a trial takes"
[[ ! -e $base/store5/.sweeps ]] || fail "a finished sweep left its work folder: $(find "$base/store5/.sweeps")"
ok "sweep --slurm: a finished sweep's work folder is removed"

# ---- --set overrides reach the tasks: their trials take them too -----------
rc=0
out=$(PATH="$base/bin:$PATH" timeout -k 5 60 "$cli" sweep "$base/short.sweep.json" --slurm \
        --set 'name=over ridden' --set dataset.samples=300 --store "$base/store6" 2>&1) || rc=$?
[[ $rc -eq 0 ]] || fail "exit $rc with --set: $out"
grep -q -- "--set 'dataset.samples=300'" "$base/job.sh" || fail "no --set in the job script"
python3 - "$base/store6" <<'PY' || fail "the trials did not take the override"
import glob, json, sys
runs = [json.load(open(p)) for p in glob.glob(sys.argv[1] + "/*.run.json")]
assert len(runs) == 4, len(runs)
assert all(r["config"]["dataset"]["samples"] == 300 for r in runs), [r["config"]["dataset"] for r in runs]
PY
ok "sweep --slurm: --set overrides reach the array tasks"

# ---- SLURM stops a task (its time limit): the sweep did not finish ---------
rc=0
out=$(FAKE_TERM_TASK=1 PATH="$base/bin:$PATH" timeout -k 5 100 "$cli" sweep "$base/mixed.sweep.json" --slurm \
        --slurm-tasks 2 --store "$base/store4" 2>&1) || rc=$?
echo "$out" | sed 's/^/# /'
[[ $rc -eq 1 ]] || fail "exit $rc for a sweep whose task was stopped, not 1"
grep -q "#2 was stopped with its array task .*task-1.out.*hyperlab-cli sweep --resume " <<<"$out" \
  || fail "the cancelled trial #2 does not say why"
grep -q "#4 .*Failed: its array task was stopped before the trial started .*task-1.out" <<<"$out" \
  || fail "trial #4, never started, is not reported"
ok "sweep --slurm: a task stopped by SLURM fails the sweep, its trials say so"
# the sweep can be continued: its record stays, listed, its task logs in it
grep -q "The sweep is not finished" <<<"$out" || fail "no word of how to continue the sweep"
ls "$base"/store4/.sweeps/*/sweep.json "$base"/store4/.sweeps/*/task-1.out >/dev/null || fail "no record or log left"
list=$("$cli" sweep --list --store "$base/store4") || fail "sweep --list failed: $list"
grep -q "mixed (SLURM)" <<<"$list" || fail "the stopped sweep is not listed: $list"
ok "sweep --slurm: a stopped sweep keeps its record, listed for --resume"

# ---- the controller goes first (a second Ctrl+C, a closed terminal) --------
# Its job's tasks train on and start trials the record does not name:
# --resume waits for the job (it would train them twice), then takes what
# the tasks did without the controller.  Task 0 trains the short #1 and #3,
# task 1 the long #2, then the short #4.
cat > "$base/left.sweep.json" <<EOF
{ "format": "hyperlab-sweep", "version": 1, "name": "left", "base": "$examples/spiral.hyperlab.json",
  "space": { "training.epochs": { "values": [1, 100000, 2, 3] },
             "early_stopping.enabled": { "values": [false] },
             "dataset.samples": { "values": [2000] } },
  "pruning": { "method": "none" } }
EOF
PATH="$base/bin:$PATH" "$cli" sweep "$base/left.sweep.json" --slurm --slurm-tasks 2 --store "$base/store7" \
  > "$base/left.out" 2>&1 &
controller=$!
for (( i = 0; i < 300; i++ )); do grep -q "Submitted as SLURM job" "$base/left.out" && break; sleep 0.1; done
kill -KILL "$controller"
wait "$controller" || true
record=$(ls "$base"/store7/.sweeps/*/sweep.json) || fail "no record: $(cat "$base/left.out")"
sweep_id=$(basename "$(dirname "$record")")
# task 0 done, task 1 training #2
{ read -r task0; read -r task1; } < "$base/pids"
for (( i = 0; i < 600; i++ )); do
  ! kill -0 "$task0" 2>/dev/null && grep -q "#2 .*: training" "$base/store7/.sweeps/$sweep_id/task-1.out" && break
  sleep 0.1
done
runs_before=$(ls "$base"/store7/*.run.json | wc -l)
rc=0
out=$(PATH="$base/bin:$PATH" timeout -k 5 30 "$cli" sweep --resume "$sweep_id" --store "$base/store7" 2>&1) || rc=$?
[[ $rc -eq 1 ]] || fail "exit $rc resuming a sweep whose SLURM job still runs, not 1: $out"
grep -q "SLURM job 42 is still running.*scancel 42" <<<"$out" || fail "no word of the job and scancel: $out"
[[ $(ls "$base"/store7/*.run.json | wc -l) -eq $runs_before ]] || fail "the refused resume trained: $out"
ok "sweep --resume: refused while its SLURM job runs, naming the job and scancel"
# the listing says so too (it offered the sweep to continue, then refused)
list=$(PATH="$base/bin:$PATH" "$cli" sweep --list --store "$base/store7") || fail "sweep --list failed: $list"
grep "$sweep_id" <<<"$list" | grep -q "(training now)" || fail "--list does not say the job trains it: $list"
ok "sweep --list: a SLURM sweep whose job still runs is training now"
# a squeue that never answers (slurmctld hung): the listing and --resume
# give up on it in time (the unfinished-sweeps list asks on the GUI's main
# thread) and --resume refuses, saying squeue cannot tell
mkdir -p "$base/hang"
printf '#!/bin/sh\nexec sleep 600\n' > "$base/hang/squeue"
chmod +x "$base/hang/squeue"
start=$SECONDS
rc=0
list=$(PATH="$base/hang:$base/bin:$PATH" timeout -k 5 60 "$cli" sweep --list --store "$base/store7" 2>&1) || rc=$?
(( rc == 0 && SECONDS - start < 30 )) || fail "sweep --list waited $((SECONDS - start)) s on a hung squeue (rc $rc): $list"
rc=0
out=$(PATH="$base/hang:$base/bin:$PATH" timeout -k 5 60 "$cli" sweep --resume "$sweep_id" --store "$base/store7" 2>&1) \
  || rc=$?
[[ $rc -eq 1 ]] || fail "exit $rc resuming with a hung squeue, not 1: $out"
grep -q "squeue cannot tell whether it still runs (squeue did not answer" <<<"$out" || fail "no word of the hung squeue: $out"
ok "sweep --list and --resume: a squeue that does not answer is given up on"
# the job stopped: the sweep goes on here, with what the tasks did
"$base/bin/scancel" 42
for (( i = 0; i < 300; i++ )); do kill -0 "$task1" 2>/dev/null || break; sleep 0.1; done
rc=0
out=$(PATH="$base/bin:$PATH" timeout -s INT -k 10 8 "$cli" sweep --resume "$sweep_id" --store "$base/store7" 2>&1) \
  || rc=$?
grep -q "Continuing sweep $sweep_id .*2 of 4 trials finished, 1 to resume from their checkpoints, 1 to start" \
  <<<"$out" || fail "the tasks' trials are not taken once the job ended (rc $rc): $out"
ok "sweep --resume: once its SLURM job ended, the trials its tasks trained alone are kept"

echo "1..$n"
