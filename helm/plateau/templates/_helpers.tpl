{{/* Name of the chart, or nameOverride. */}}
{{- define "plateau.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects: the release name, prefixed unless it names the chart. */}}
{{- define "plateau.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Selector labels: stable across upgrades (a Deployment's selector is immutable). */}}
{{- define "plateau.selectorLabels" -}}
app.kubernetes.io/name: {{ include "plateau.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{/* Labels of every object of the chart. */}}
{{- define "plateau.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "plateau.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: plateau
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "plateau.serviceAccountName" -}}
{{- default (include "plateau.fullname" .) .Values.serviceAccount.name }}
{{- end }}

{{- define "plateau.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "plateau.trainerImage" -}}
{{- printf "%s:%s" .Values.trainer.image.repository (default .Chart.AppVersion .Values.trainer.image.tag) }}
{{- end }}

{{- define "plateau.trainerGpuImage" -}}
{{- printf "%s:%s" .Values.trainer.gpuImage.repository (default (printf "%s-cuda" .Chart.AppVersion) .Values.trainer.gpuImage.tag) }}
{{- end }}

{{/* "true" when a Lease elects the leader: asked for, or needed because of two replicas. */}}
{{- define "plateau.leaderElection" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicaCount) 1) }}true{{ else }}false{{ end }}
{{- end }}

{{/*
The operator's rules in the namespaces it watches: exactly the namespaced part of
operator/src/main/resources/dev/plateau/operator/api-calls.yaml (the helm module's tests
compare them). Leases and selfsubjectrulesreviews are in leader-election-rbac.yaml.
*/}}
{{- define "plateau.watchRules" -}}
# TrainingRuns are created as the trials of a sweep.
- apiGroups: [plateau.dev]
  resources: [trainingruns]
  verbs: [list, watch, create]
- apiGroups: [plateau.dev]
  resources: [trainingruns/status]
  verbs: [patch]
- apiGroups: [plateau.dev]
  resources: [trainingsweeps]
  verbs: [list, watch]
- apiGroups: [plateau.dev]
  resources: [trainingsweeps/status]
  verbs: [patch]
# get and patch on configmaps also let the operator grant them to each trainer's Role.
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list, watch, create, update, patch]
- apiGroups: [""]
  resources: [serviceaccounts]
  verbs: [list, watch, create, update, patch]
- apiGroups: [rbac.authorization.k8s.io]
  resources: [roles, rolebindings]
  verbs: [list, watch, create, update, patch]
- apiGroups: [""]
  resources: [persistentvolumeclaims]
  verbs: [list, watch, create, patch]
- apiGroups: [batch]
  resources: [jobs]
  verbs: [list, watch, create, patch, delete]
- apiGroups: [""]
  resources: [pods]
  verbs: [list, watch]
- apiGroups: [""]
  resources: [events]
  verbs: [create]
{{- end }}
