#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-sweep-slurm.sh - `hyperlab-cli sweep --slurm` on a real single-node
# SLURM cluster started for the test (munged, slurmctld, slurmd by hand,
# all state in a temporary folder; after ../shared/reference/slurm-single-node.sh).
# Needs root and Debian's slurm-wlm and munge (.ci/setup test installs them);
# without them the test is skipped (exit 77).
set -euo pipefail

cli=${HYPERLAB_CLI:?HYPERLAB_CLI names the hyperlab-cli to test}
examples=${HYPERLAB_EXAMPLES:?}
if (( EUID != 0 )) || ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "1..0 # SKIP needs root and slurm-wlm + munge"
  exit 77
fi

base=$(mktemp -d /tmp/hl-slurm-XXXXXX)
chmod 755 "$base"   # munged wants every folder above its socket open to all (o+x)
node=localhost
ctld_port=$(( 20000 + RANDOM % 20000 ))
slurmd_port=$(( ctld_port + 1 ))
munged_pid= ; ctld_pid= ; slurmd_pid=
fail() { echo "not ok - $*"; for f in "$base"/log/*; do echo "# == $f"; tail -n 15 "$f" | sed 's/^/# /'; done; exit 1; }
wait_for() {  # wait_for <seconds> <cmd...>
  local deadline=$(( SECONDS + $1 )); shift
  until "$@"; do (( SECONDS < deadline )) || return 1; sleep 0.2; done
}
cleanup() {
  set +e
  if [[ -n $ctld_pid ]] && kill -0 "$ctld_pid" 2>/dev/null; then
    scontrol shutdown >/dev/null 2>&1
    for _ in $(seq 50); do kill -0 "$ctld_pid" 2>/dev/null || kill -0 "$slurmd_pid" 2>/dev/null || break; sleep 0.2; done
  fi
  for p in $slurmd_pid $ctld_pid $munged_pid; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  [[ -n ${KEEP:-} ]] || rm -rf "$base"
}
trap cleanup EXIT

# ---- the cluster ---------------------------------------------------------------
mkdir -p "$base"/{munge,state,spool,log,run,work,store}
chmod 755 "$base/munge"
mungekey --create --keyfile="$base/munge/munge.key"
munged -F --key-file="$base/munge/munge.key" --socket="$base/munge/munge.socket" \
       --pid-file="$base/munge/munged.pid" --log-file="$base/log/munged.log" \
       --seed-file="$base/munge/munged.seed" &
munged_pid=$!
wait_for 10 test -S "$base/munge/munge.socket" || fail "munged did not start"

export SLURM_CONF="$base/slurm.conf"
cat > "$SLURM_CONF" <<EOF
ClusterName=hltest
SlurmctldHost=localhost
SlurmUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$base/munge/munge.socket
StateSaveLocation=$base/state
SlurmdSpoolDir=$base/spool
SlurmctldPidFile=$base/run/slurmctld.pid
SlurmdPidFile=$base/run/slurmd.pid
SlurmctldLogFile=$base/log/slurmctld.log
SlurmdLogFile=$base/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
InactiveLimit=0
MinJobAge=300
KillWait=5
Waittime=0
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -D -f "$SLURM_CONF" > "$base/log/slurmctld.stderr" 2>&1 &
ctld_pid=$!
wait_for 20 scontrol ping >/dev/null 2>&1 || fail "slurmctld not answering"
slurmd -D -N "$node" -f "$SLURM_CONF" > "$base/log/slurmd.stderr" 2>&1 &
slurmd_pid=$!
node_idle() { [[ $(sinfo -h -n "$node" -o %t 2>/dev/null) == idle ]]; }
wait_for 30 node_idle || fail "the node never became idle"
echo "1..2"

# ---- 1: a grid of 4 rates in 2 array tasks, pruned through the shared state ----
cat > "$base/work/lr.sweep.json" <<EOF
{ "format": "hyperlab-sweep", "version": 1, "name": "slurm lr", "base": "$examples/spiral.hyperlab.json",
  "space": { "optimizer.learning_rate": { "values": [0.3, 0.00001, 0.00002, 0.00003] },
             "training.epochs": { "values": [5] } },
  "pruning": { "min_steps": 20, "reduction_factor": 2 } }
EOF
out=$("$cli" sweep "$base/work/lr.sweep.json" --slurm --slurm-tasks 2 --store "$base/store" \
        -o "$base/work/results.json" 2>&1) || fail "sweep --slurm exited $?: $out"
echo "$out" | sed 's/^/# /'
grep -q "Submitted as SLURM job [0-9]*: 2 array tasks" <<<"$out" || fail "no submission line"
grep -q "Best: #1: optimizer.learning_rate=0.3" <<<"$out" || fail "the best trial is not #1"
# every trial's run is in the store, and at least one trial was pruned by
# the other task's values (two tasks, each trial one after another)
python3 - "$base/work/results.json" <<'PY' || fail "results"
import json, sys
r = json.load(open(sys.argv[1]))
t = r["trials"]
assert len(t) == 4, t
assert all(x["state"] == "done" and x.get("run") for x in t), t
assert any(x["pruned"] for x in t), t
assert t[0]["trial"] == 1 and t[0]["status"] == "completed", t[0]
PY
runs=$(ls "$base/store"/*.run.json | wc -l)
[[ $runs -eq 4 ]] || fail "$runs runs in the store, not 4"
# finished: its work folder (record, script, task logs) is gone
[[ ! -e $base/store/.sweeps ]] || fail "a finished sweep left its work folder: $(find "$base/store/.sweeps")"
echo "ok 1 - sweep --slurm: 4 trials in 2 array tasks, results, runs, pruning"

# ---- 2: a trial whose data cannot be read fails, and the command says so ----
cat > "$base/work/bad.sweep.json" <<EOF
{ "format": "hyperlab-sweep", "version": 1, "name": "slurm bad",
  "base": { "format": "hyperlab-config", "dataset": { "kind": "csv", "path": "$base/gone.csv",
            "target": "y", "task": "regression" } },
  "space": { "optimizer.learning_rate": { "values": [0.1, 0.01] } } }
EOF
rc=0
out=$("$cli" sweep "$base/work/bad.sweep.json" --slurm --store "$base/store" 2>&1) || rc=$?
echo "$out" | sed 's/^/# /'
[[ $rc -eq 1 ]] || fail "exit $rc for a sweep whose data are missing, not 1"
grep -q "gone.csv" <<<"$out" || fail "the failure does not name the file"
echo "ok 2 - sweep --slurm: a trial that cannot train fails the sweep"
