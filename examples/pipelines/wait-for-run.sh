#!/bin/sh
# wait-for-run.sh [MANIFEST] [NAMESPACE]
#
# Applies a TrainingRun (MANIFEST, or the run below), waits until it has ended, prints
# status.result.bestCheckpoint and exits 0 if it Succeeded, 1 if it Failed (or was deleted),
# 2 if PLATEAU_WAIT_TIMEOUT seconds (default 6 h) passed first.
#
# It waits for either ending by polling status.phase. A single `kubectl wait
# --for=condition=Complete` would sit until its timeout on a run that failed.
set -eu

manifest=${1:-}
namespace=${2:-$(kubectl config view --minify -o jsonpath='{..namespace}')}
namespace=${namespace:-default}
timeout=${PLATEAU_WAIT_TIMEOUT:-21600}
interval=${PLATEAU_WAIT_INTERVAL:-10}

if [ -n "$manifest" ]; then
  name=$(kubectl apply -n "$namespace" -f "$manifest" -o jsonpath='{.metadata.name}')
else
  name=$(kubectl apply -n "$namespace" -o jsonpath='{.metadata.name}' -f - <<'EOF'
apiVersion: plateau.dev/v1alpha1
kind: TrainingRun
metadata:
  name: fashion-mlp-pipeline
spec:
  model: {architecture: mlp, hiddenLayers: [256, 128], dropout: 0.2}
  dataset: {format: idx, claimName: datasets, path: fashion-mnist, validationSplit: 0.1}
  training: {maxEpochs: 40, batchSize: 128, optimizer: adam, learningRate: 0.001, seed: 42}
  earlyStopping: {monitor: val_loss, patience: 4, delta: 0.001}
  checkpoints: {size: 1Gi}
  resources:
    gpus: 0
    requests: {cpu: "2", memory: 4Gi}
    limits: {cpu: "2", memory: 4Gi}
EOF
)
fi
echo "waiting for trainingrun/$name in $namespace" >&2

deadline=$(( $(date +%s) + timeout ))
while :; do
  if phase=$(kubectl get trainingrun "$name" -n "$namespace" -o jsonpath='{.status.phase}' 2>&1); then
    case "$phase" in
      Succeeded | Failed) break ;;
    esac
  else
    case "$phase" in
      *NotFound*) echo "trainingrun/$name was deleted" >&2; exit 1 ;;
    esac
    echo "kubectl get failed, trying again: $phase" >&2 # the API server may be briefly away
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "trainingrun/$name has not ended after ${timeout}s (phase ${phase:-none})" >&2
    exit 2
  fi
  sleep "$interval"
done

kubectl get trainingrun "$name" -n "$namespace" -o jsonpath='{.status.result.bestCheckpoint}{"\n"}'
if [ "$phase" = Failed ]; then
  kubectl get trainingrun "$name" -n "$namespace" \
    -o jsonpath='{range .status.conditions[?(@.type=="Failed")]}failed: {.reason}: {.message}{"\n"}{end}' >&2
  exit 1
fi
