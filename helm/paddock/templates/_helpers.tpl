{{/* The chart's name, or nameOverride. */}}
{{- define "paddock.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every object's name: "<release>-paddock", or the release's name alone when it
already contains the chart's name. Truncated to 63 characters, the longest DNS label.
*/}}
{{- define "paddock.fullname" -}}
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

{{/* The standard labels of every object. */}}
{{- define "paddock.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "paddock.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: paddock
{{- end }}

{{/* The labels that select the release's pods; add app.kubernetes.io/component to tell them apart. */}}
{{- define "paddock.selectorLabels" -}}
app.kubernetes.io/name: {{ include "paddock.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Selects the control-plane pods. */}}
{{- define "paddock.controlPlaneSelector" -}}
{{ include "paddock.selectorLabels" . }}
app.kubernetes.io/component: control-plane
{{- end }}

{{/* Selects the bundled PostgreSQL's pod. */}}
{{- define "paddock.postgresqlSelector" -}}
{{ include "paddock.selectorLabels" . }}
app.kubernetes.io/component: postgresql
{{- end }}

{{/* The control plane's image reference. */}}
{{- define "paddock.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The Secret with the admin's token. */}}
{{- define "paddock.adminSecretName" -}}
{{- default (printf "%s-admin" (include "paddock.fullname" .)) .Values.admin.existingSecret }}
{{- end }}

{{/* The key of the admin's token in that Secret. */}}
{{- define "paddock.adminSecretKey" -}}
{{- ternary .Values.admin.existingSecretKey "token" (ne .Values.admin.existingSecret "") }}
{{- end }}

{{/* The chart's Secret with the datasource URL (and, without an existing Secret, credentials). */}}
{{- define "paddock.postgresqlSecretName" -}}
{{- printf "%s-postgresql" (include "paddock.fullname" .) }}
{{- end }}

{{/* The Secret and keys the database user name and password come from. */}}
{{- define "paddock.credentialsSecretName" -}}
{{- default (include "paddock.postgresqlSecretName" .) .Values.postgresql.existingSecret }}
{{- end }}
{{- define "paddock.usernameKey" -}}
{{- ternary .Values.postgresql.existingSecretUsernameKey "username" (ne .Values.postgresql.existingSecret "") }}
{{- end }}
{{- define "paddock.passwordKey" -}}
{{- ternary .Values.postgresql.existingSecretPasswordKey "password" (ne .Values.postgresql.existingSecret "") }}
{{- end }}

{{/*
The JDBC URL: the external server's, or the bundled server's Service. Fails, with what to set,
unless exactly one of the two is configured.
*/}}
{{- define "paddock.datasourceUrl" -}}
{{- $pg := .Values.postgresql }}
{{- if and $pg.url $pg.bundled.enabled }}
{{- fail "postgresql: set either postgresql.url (an external PostgreSQL) or postgresql.bundled.enabled=true (a PostgreSQL inside the release), not both" }}
{{- else if $pg.url }}
{{- if not (or $pg.password $pg.existingSecret) }}
{{- fail "postgresql: an external PostgreSQL needs credentials: set postgresql.username and postgresql.password, or postgresql.existingSecret" }}
{{- end }}
{{- $pg.url }}
{{- else if $pg.bundled.enabled }}
{{- printf "jdbc:postgresql://%s:5432/%s" (include "paddock.postgresqlSecretName" .) $pg.bundled.database }}
{{- else }}
{{- fail "postgresql: no database configured: set postgresql.url (with postgresql.username and postgresql.password, or postgresql.existingSecret) for an external PostgreSQL, or postgresql.bundled.enabled=true for a single-replica PostgreSQL inside the release" }}
{{- end }}
{{- end }}

{{/*
The security context of every container: not root, no privilege escalation, no capabilities, a
read-only root filesystem (writable paths are emptyDirs) and the runtime's default seccomp profile.
*/}}
{{- define "paddock.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
A random secret value, or the one already in the cluster, so that upgrades keep it.
Arguments: the Secret's namespace, name and key, and the length of a new value.
*/}}
{{- define "paddock.keptRandom" -}}
{{- $existing := lookup "v1" "Secret" .namespace .name }}
{{- if and $existing (hasKey $existing.data .key) }}
{{- index $existing.data .key | b64dec }}
{{- else }}
{{- randAlphaNum .length }}
{{- end }}
{{- end }}
