#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine for the Slurm tests (tests/cli/slurm.rs):
# Debian's slurm-wlm and munge, a minimal slurm.conf for this host and its cores (no cgroups,
# no database: job records go to a text file), a fresh munge key, and slurmctld and slurmd in
# the background. Idempotent: when the cluster already answers it only says so.
#   bash .ci/slurm-setup.sh         start (installs the packages if they are missing; needs root)
#   bash .ci/slurm-setup.sh stop    stop the daemons
# Everything lives under $SVERKA_SLURM_DIR (default /tmp/sverka-slurm); the test reads
# $SVERKA_SLURM_DIR/env for SLURM_CONF and the job-record file.
set -euo pipefail
DIR="${SVERKA_SLURM_DIR:-/tmp/sverka-slurm}"
CONF="$DIR/slurm.conf"

stop() {
    for d in slurmd slurmctld; do
        if [ -f "$DIR/$d.pid" ]; then kill "$(cat "$DIR/$d.pid")" 2>/dev/null || true; rm -f "$DIR/$d.pid"; fi
    done
    if [ -f "$DIR/munged.pid" ]; then kill "$(cat "$DIR/munged.pid")" 2>/dev/null || true; rm -f "$DIR/munged.pid"; fi
}
if [ "${1:-}" = "stop" ]; then stop; echo "slurm-setup: stopped"; exit 0; fi

if [ "$(id -u)" -ne 0 ]; then
    echo "slurm-setup: needs root to run slurmd as a one-node cluster" >&2
    exit 1
fi
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi

if [ -f "$CONF" ] && SLURM_CONF="$CONF" timeout 5 sinfo -h -o %T 2>/dev/null | grep -q idle; then
    echo "slurm-setup: already running ($(SLURM_CONF="$CONF" sinfo -h -o '%N %c CPUs %T'))"
    exit 0
fi
stop
mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log" "$DIR/munge"
HOST="$(hostname -s)"
CPUS="$(nproc)"
MEM_MB="$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))"

# Munge: a fresh key and a private socket, so a system munged (if any) is left alone.
dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1 count=1024 status=none
chmod 0400 "$DIR/munge/munge.key"
chmod 0700 "$DIR/munge"
munged --key-file="$DIR/munge/munge.key" --socket="$DIR/munge/munge.socket" \
    --pid-file="$DIR/munged.pid" --log-file="$DIR/log/munged.log" --seed-file="$DIR/munge/seed" --force

cat > "$CONF" <<CONF
ClusterName=sverka
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$DIR/munge/munge.socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.log
JobAcctGatherType=jobacct_gather/none
MinJobAge=3600
InactiveLimit=0
KillWait=5
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=main Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF

export SLURM_CONF="$CONF"
slurmctld -f "$CONF"
slurmd -f "$CONF"
# Wait (bounded) for the node to come up idle.
for _ in $(seq 1 30); do
    if timeout 5 sinfo -h -o %T 2>/dev/null | grep -q idle; then break; fi
    sleep 1
done
if ! timeout 5 sinfo -h -o %T 2>/dev/null | grep -q idle; then
    echo "slurm-setup: the node did not come up; see $DIR/log/" >&2
    tail -5 "$DIR/log/slurmctld.log" "$DIR/log/slurmd.log" >&2 || true
    exit 1
fi
printf 'SLURM_CONF=%s\nSVERKA_SLURM_JOBCOMP=%s\n' "$CONF" "$DIR/log/jobcomp.log" > "$DIR/env"
echo "slurm-setup: running ($(sinfo -h -o '%N %c CPUs %T'))"
