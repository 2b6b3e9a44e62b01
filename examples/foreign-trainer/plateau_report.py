"""Reports a training to the Plateau operator, as any trainer in any language may. Stdlib only.

The operator makes a ConfigMap for each run (its name is in PLATEAU_PROGRESS_CONFIGMAP) and lets
the pod's ServiceAccount get and patch that one ConfigMap, nothing else. A report is ONE
authenticated HTTP PATCH (a JSON merge patch) that puts a cumulative snapshot under the key
progress.json; the operator checks it and copies it into the run's status.progress. The same
request, by hand:

  curl --cacert $SA/ca.crt -H "Authorization: Bearer $(cat $SA/token)" \
    -H 'Content-Type: application/merge-patch+json' -X PATCH \
    -d '{"data":{"progress.json":"{\"runUid\":\"...\",\"epoch\":3}"}}' \
    https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT/api/v1/namespaces/$NS/configmaps/$CM

At the end a trainer also writes result.json next to its checkpoints and a short JSON to
/dev/termination-log: the operator reads that when the pod ends, so the final status is right
even if the last patch was lost. Reporting never stops training: a failed patch is logged and
the next, newer snapshot replaces it.
"""

import datetime
import json
import math
import os
import ssl
import sys
import time
import urllib.error
import urllib.request

SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
PROGRESS_KEY = "progress.json"
RESULT_KEY = "result.json"
# Written by whoever may stop the run (a sweep's pruner, or the operator enforcing early
# stopping): {"reason": "Pruned" or "EarlyStopped", "message": ..., "requestedAt": ...}.
STOP_KEY = "stop.json"
# How often a trainer reports within an epoch, so that a stop request (read in the answer to a
# report) arrives within seconds, well inside the operator's grace period.
REPORT_EVERY_SECONDS = 5
RESULT_FILE = "result.json"
TERMINATION_LOG = "/dev/termination-log"
TERMINATION_MAX_BYTES = 4096  # what Kubernetes keeps of a termination message
HISTORY_LIMIT = 20  # epochs a snapshot carries; the status keeps no more

# Exit codes of the contract: the Job's podFailurePolicy fails the run at once on 2 and 3.
FINISHED, FAILED, INVALID_INPUT, NON_FINITE_METRIC, INTERRUPTED = 0, 1, 2, 3, 143

# Field names of the status types (dev.plateau.api.v1alpha1): a misspelt one would be dropped
# silently by the operator, so they are checked here.
SNAPSHOT_FIELDS = {
    "runUid", "epoch", "maxEpochs", "step", "stepsPerEpoch", "trainLoss", "valLoss",
    "valAccuracy", "learningRate", "epochSeconds", "samplesPerSecond", "monitor", "mode",
    "monitorValue", "bestEpoch", "bestMetric", "epochsSinceImprovement", "patience",
    "minEpochs", "bestCheckpoint", "updatedAt", "history",
}
EPOCH_FIELDS = {
    "epoch", "trainLoss", "valLoss", "valAccuracy", "learningRate", "epochSeconds",
    "samplesPerSecond", "dataWaitSeconds", "improved", "epochsSinceImprovement", "time",
}
RESULT_FIELDS = {
    "stopReason", "epochs", "monitor", "mode", "bestEpoch", "bestMetric", "testAccuracy",
    "testLoss", "bestCheckpoint", "message",
}


def now():
    """RFC 3339, UTC, as the contract's timestamps."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _clean(value):
    """Drops None and non-finite numbers: JSON and the Kubernetes API have no NaN."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if _keep(v)}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value if _keep(v)]
    return value


def _keep(value):
    if value is None:
        return False
    return not (isinstance(value, float) and not math.isfinite(value))


def _checked(fields, allowed, what):
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not fields of a {what}: {sorted(unknown)}")
    return _clean(fields)


def epoch_record(**fields):
    """One epoch of a snapshot's history."""
    return _checked(fields, EPOCH_FIELDS, "progress epoch")


def progress_snapshot(history=(), **fields):
    """A cumulative snapshot: the latest epoch, the best so far and the last 20 epochs."""
    snapshot = _checked(fields, SNAPSHOT_FIELDS - {"history"}, "progress snapshot")
    snapshot.setdefault("updatedAt", now())
    snapshot["history"] = [_checked(e, EPOCH_FIELDS, "progress epoch") for e in history][
        -HISTORY_LIMIT:
    ]
    return snapshot


def training_result(**fields):
    """How the training ended: status.result of the run and result.json."""
    return _checked(fields, RESULT_FIELDS, "training result")


class Reporter:
    """Patches the run's progress ConfigMap. Configured from the environment the operator sets."""

    def __init__(self, env=None, timeout=10.0):
        env = os.environ if env is None else env
        self.namespace = env["PLATEAU_RUN_NAMESPACE"]
        self.configmap = env["PLATEAU_PROGRESS_CONFIGMAP"]
        self.timeout = timeout
        # The mounted service-account token, CA and in-cluster address; the two PLATEAU_
        # overrides let a test point it at a mock API server.
        self.account_dir = env.get("PLATEAU_SERVICE_ACCOUNT_DIR", SERVICE_ACCOUNT_DIR)
        server = env.get("PLATEAU_API_SERVER")
        if not server:
            host = env["KUBERNETES_SERVICE_HOST"]
            host = f"[{host}]" if ":" in host else host
            server = f"https://{host}:{env.get('KUBERNETES_SERVICE_PORT', '443')}"
        self.url = (
            f"{server.rstrip('/')}/api/v1/namespaces/{self.namespace}/configmaps/{self.configmap}"
        )
        self.context = None
        if self.url.startswith("https://"):
            self.context = ssl.create_default_context(
                cafile=os.path.join(self.account_dir, "ca.crt")
            )
        self.failures = 0
        self.retry_at = 0.0
        self.stop_request = None

    def stop_requested(self):
        """The stop request the ConfigMap held in the answer to the last patch, or None.

        A trainer that gets one stops at its next batch, saves what it needs, ends with the
        request's reason as its stopReason ("Pruned" or "EarlyStopped") and exits 0; the run
        ends Complete=True with that reason.
        """
        return self.stop_request

    def report(self, snapshot):
        """Sends the snapshot unless a failed patch is still backing off. Never raises."""
        if time.monotonic() < self.retry_at:
            return False  # the next, newer snapshot will be sent instead of this one
        return self._patch({PROGRESS_KEY: json.dumps(snapshot, allow_nan=False)})

    def finish(self, snapshot, result, attempts=5):
        """The final snapshot and result, retried a few times: the last word matters most."""
        data = {
            PROGRESS_KEY: json.dumps(snapshot, allow_nan=False),
            RESULT_KEY: json.dumps(result, allow_nan=False),
        }
        for attempt in range(attempts):
            if self._patch(data):
                return True
            time.sleep(min(2**attempt, 8))
        return False

    def _patch(self, data):
        body = json.dumps({"data": data}).encode()
        request = urllib.request.Request(self.url, data=body, method="PATCH")
        request.add_header("Content-Type", "application/merge-patch+json")
        request.add_header("Accept", "application/json")
        # Read for every request: projected tokens are rotated while the pod runs.
        token_file = os.path.join(self.account_dir, "token")
        if os.path.exists(token_file):
            with open(token_file) as f:
                request.add_header("Authorization", "Bearer " + f.read().strip())
        try:
            with urllib.request.urlopen(request, timeout=self.timeout, context=self.context) as r:
                answer = r.read()
            # The answer is the whole ConfigMap: a stop request costs no extra request.
            stop = (json.loads(answer or b"{}").get("data") or {}).get(STOP_KEY)
            if stop and self.stop_request is None:
                self.stop_request = json.loads(stop)
        except (urllib.error.URLError, OSError, ValueError) as e:
            self.failures += 1
            self.retry_at = time.monotonic() + min(2 ** min(self.failures, 6), 60)
            print(f"plateau: cannot patch ConfigMap {self.configmap}: {e}; training goes on",
                  file=sys.stderr)
            return False
        self.failures = 0
        self.retry_at = 0.0
        return True


def write_result(run_dir, result):
    """result.json next to the checkpoints: written to a temporary file, flushed, renamed."""
    os.makedirs(run_dir, exist_ok=True)
    path = os.path.join(run_dir, RESULT_FILE)
    temporary = path + ".tmp"
    with open(temporary, "w") as f:
        json.dump(result, f, allow_nan=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)


def _cut(text, limit):
    return text if len(text) <= limit else text[: limit - 3] + "..."


def termination_message(reason, message, result=None):
    """The trainer's last word as JSON under 4 KiB: messages are cut, never the JSON."""
    body = {"reason": reason, "message": _cut(message, 1000)}
    if result is not None:
        body["result"] = dict(result)
        if "message" in result:
            body["result"]["message"] = _cut(result["message"], 1000)
    text = json.dumps(body, allow_nan=False)
    if len(text.encode()) > TERMINATION_MAX_BYTES:
        body.pop("result", None)  # the progress ConfigMap and result.json still carry it
        body["message"] = _cut(body["message"], 200)
        text = json.dumps(body, allow_nan=False)
    return text


def write_termination_message(reason, message, result=None, path=None):
    path = path or os.environ.get("PLATEAU_TERMINATION_LOG", TERMINATION_LOG)
    try:
        with open(path, "w") as f:
            f.write(termination_message(reason, message, result))
    except OSError as e:  # outside a pod there may be no termination log
        print(f"plateau: cannot write {path}: {e}", file=sys.stderr)
