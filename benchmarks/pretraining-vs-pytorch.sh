#!/usr/bin/env bash
# Pretraining throughput of Sparsh.MLNet next to the same step in PyTorch eager, in one sitting.
# Installs Debian's python3-torch and OpenBLAS (the peer's BLAS) when missing and run as root; otherwise the
# benchmark prints "PEER skipped: ..." and the .NET figures alone.
#   benchmarks/pretraining-vs-pytorch.sh                 # both presets, 1 and 2 threads
#   benchmarks/pretraining-vs-pytorch.sh --filter '*PretrainingBenchmarks*small*'   # extra BenchmarkDotNet arguments
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing python3-torch and libopenblas0-pthread (the PyTorch peer)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-torch python3-numpy libopenblas0-pthread
  else
    echo "python3-torch is missing and cannot be installed here (needs root and apt-get): the peer will be skipped"
  fi
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
  # Debian's torch calls the system BLAS; without OpenBLAS that is the slow reference BLAS.
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libopenblas0-pthread
fi
# OpenMP threads that sleep instead of spinning while they wait: on a 2-core machine with other work, spinning threads
# wait for a descheduled peer (2 threads measured 24x faster with PASSIVE). libgomp reads it when it loads, so it is set
# here, before either process starts; both the .NET benchmark and the PyTorch peer inherit it. Override to compare.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
dotnet run -c Release --project benchmarks/Sparsh.Benchmarks -- gemm-probe 1
if [ $# -eq 0 ]; then set -- --filter '*PretrainingBenchmarks.PretrainingSteps*'; fi
dotnet run -c Release --project benchmarks/Sparsh.Benchmarks -- "$@"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
