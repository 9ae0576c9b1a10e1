{{/*
Shared helpers. Named templates are global across the umbrella and its subcharts, so every subchart uses these;
they read only .Release, .Chart, .Values of the calling chart and .Values.global. The subcharts are rendered
through this umbrella, never on their own.
*/}}

{{/* <release>-<chart>: airlock-hub, airlock-rabbitmq, ... */}}
{{- define "airlock.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The name of a sibling chart's resources: include "airlock.sibling" (list . "rabbitmq") */}}
{{- define "airlock.sibling" -}}
{{- $ctx := index . 0 -}}
{{- printf "%s-%s" $ctx.Release.Name (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "airlock.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "airlock.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "airlock.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: airlock
{{- end -}}

{{/* include "airlock.image" (dict "image" .Values.image "ctx" .) */}}
{{- define "airlock.image" -}}
{{- $registry := (.ctx.Values.global).imageRegistry | default .image.registry -}}
{{- $tag := .image.tag | default .ctx.Chart.AppVersion -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" $registry .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "airlock.imagePullSecrets" -}}
{{- $secrets := concat ((.Values.global).imagePullSecrets | default list) (.Values.imagePullSecrets | default list) -}}
{{- if $secrets }}
imagePullSecrets:
{{- range $secrets }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
Generated credentials. A Secret holding generated values is rendered on install only and carries
helm.sh/resource-policy: keep, so upgrades leave it (and the passwords the data volumes were initialised with) alone;
no lookup is needed, so helm template works without a cluster.
*/}}
{{- define "airlock.generatedSecretAnnotations" -}}
airlock.dev/generated: "true"
helm.sh/resource-policy: keep
{{- end -}}

{{/* The Secret of a bundled service: global.existingSecrets.<service> or the one the subchart generates. */}}
{{- define "airlock.bundledSecret" -}}
{{- $ctx := index . 0 -}}
{{- $service := index . 1 -}}
{{- index ($ctx.Values.global.existingSecrets | default dict) $service | default (include "airlock.sibling" (list $ctx $service)) -}}
{{- end -}}

{{/* ---- where the services are: bundled (external host empty) or external ---- */}}

{{- define "airlock.rabbitmq.host" -}}
{{- (.Values.global.externalRabbitmq).host | default (include "airlock.sibling" (list . "rabbitmq")) -}}
{{- end -}}
{{- define "airlock.rabbitmq.port" -}}
{{- (.Values.global.externalRabbitmq).port | default 5672 -}}
{{- end -}}
{{- define "airlock.rabbitmq.username" -}}
{{- if (.Values.global.externalRabbitmq).host -}}{{ .Values.global.externalRabbitmq.username | default "airlock" }}{{- else -}}airlock{{- end -}}
{{- end -}}
{{- define "airlock.rabbitmq.virtualHost" -}}
{{- (.Values.global.externalRabbitmq).virtualHost | default "/" -}}
{{- end -}}
{{- define "airlock.rabbitmq.secretName" -}}
{{- if (.Values.global.externalRabbitmq).host -}}{{ required "global.externalRabbitmq.existingSecret is required with global.externalRabbitmq.host: name the Secret that holds the RabbitMQ password" .Values.global.externalRabbitmq.existingSecret }}{{- else -}}{{ include "airlock.bundledSecret" (list . "rabbitmq") }}{{- end -}}
{{- end -}}
{{- define "airlock.rabbitmq.secretKey" -}}
{{- if (.Values.global.externalRabbitmq).host -}}{{ .Values.global.externalRabbitmq.existingSecretPasswordKey | default "rabbitmq-password" }}{{- else -}}rabbitmq-password{{- end -}}
{{- end -}}

{{- define "airlock.database.host" -}}
{{- (.Values.global.externalDatabase).host | default (include "airlock.sibling" (list . "postgresql")) -}}
{{- end -}}
{{- define "airlock.database.port" -}}
{{- (.Values.global.externalDatabase).port | default 5432 -}}
{{- end -}}
{{- define "airlock.database.name" -}}
{{- (.Values.global.externalDatabase).database | default "airlock" -}}
{{- end -}}
{{- define "airlock.database.username" -}}
{{- if (.Values.global.externalDatabase).host -}}{{ .Values.global.externalDatabase.username | default "airlock" }}{{- else -}}airlock{{- end -}}
{{- end -}}
{{- define "airlock.database.jdbcUrl" -}}
{{- printf "jdbc:postgresql://%s:%v/%s" (include "airlock.database.host" .) (include "airlock.database.port" .) (include "airlock.database.name" .) -}}
{{- end -}}
{{- define "airlock.database.secretName" -}}
{{- if (.Values.global.externalDatabase).host -}}{{ required "global.externalDatabase.existingSecret is required with global.externalDatabase.host: name the Secret that holds the database password" .Values.global.externalDatabase.existingSecret }}{{- else -}}{{ include "airlock.bundledSecret" (list . "postgresql") }}{{- end -}}
{{- end -}}
{{- define "airlock.database.secretKey" -}}
{{- if (.Values.global.externalDatabase).host -}}{{ .Values.global.externalDatabase.existingSecretPasswordKey | default "password" }}{{- else -}}password{{- end -}}
{{- end -}}

{{- define "airlock.s3.endpoint" -}}
{{- (.Values.global.externalS3).endpoint | default (printf "http://%s:9000" (include "airlock.sibling" (list . "minio"))) -}}
{{- end -}}
{{- define "airlock.s3.region" -}}
{{- (.Values.global.externalS3).region | default "us-east-1" -}}
{{- end -}}
{{- define "airlock.s3.secretName" -}}
{{- if (.Values.global.externalS3).endpoint -}}{{ required "global.externalS3.existingSecret is required with global.externalS3.endpoint: name the Secret that holds the S3 access and secret keys" .Values.global.externalS3.existingSecret }}{{- else -}}{{ include "airlock.bundledSecret" (list . "minio") }}{{- end -}}
{{- end -}}
{{- define "airlock.s3.accessKeyKey" -}}
{{- if (.Values.global.externalS3).endpoint -}}{{ .Values.global.externalS3.existingSecretAccessKeyKey | default "access-key" }}{{- else -}}root-user{{- end -}}
{{- end -}}
{{- define "airlock.s3.secretKeyKey" -}}
{{- if (.Values.global.externalS3).endpoint -}}{{ .Values.global.externalS3.existingSecretSecretKeyKey | default "secret-key" }}{{- else -}}root-password{{- end -}}
{{- end -}}

{{/* Keycloak is bundled when auth is on and no external issuer is given. */}}
{{- define "airlock.oidc.bundled" -}}
{{- if and .Values.global.auth.enabled (not (.Values.global.externalOidc).issuerUrl) -}}true{{- end -}}
{{- end -}}
{{- define "airlock.oidc.issuerUrl" -}}
{{- if (.Values.global.externalOidc).issuerUrl -}}
{{- .Values.global.externalOidc.issuerUrl -}}
{{- else -}}
{{- printf "%s/auth/realms/%s" (trimSuffix "/" .Values.global.publicUrl) .Values.global.auth.realm -}}
{{- end -}}
{{- end -}}
{{/* Where the hub reaches the issuer from inside the cluster. */}}
{{- define "airlock.oidc.internalUrl" -}}
{{- if (.Values.global.externalOidc).issuerUrl -}}
{{- .Values.global.externalOidc.issuerUrl -}}
{{- else -}}
{{- printf "http://%s:8080/auth/realms/%s" (include "airlock.sibling" (list . "keycloak")) .Values.global.auth.realm -}}
{{- end -}}
{{- end -}}
{{- define "airlock.oidc.secretName" -}}
{{- if (.Values.global.externalOidc).issuerUrl -}}{{ required "global.externalOidc.existingSecret is required with global.externalOidc.issuerUrl: name the Secret that holds the hub's client secret" .Values.global.externalOidc.existingSecret }}{{- else -}}{{ include "airlock.bundledSecret" (list . "keycloak") }}{{- end -}}
{{- end -}}
{{- define "airlock.oidc.secretKey" -}}
{{- if (.Values.global.externalOidc).issuerUrl -}}{{ .Values.global.externalOidc.existingSecretClientSecretKey | default "client-secret" }}{{- else -}}hub-client-secret{{- end -}}
{{- end -}}

{{/* Labels every worker Job's pods carry (the dispatcher reads them from its config); the NetworkPolicies select on them. */}}
{{- define "airlock.workerLabels" -}}
app.kubernetes.io/name: airlock-worker
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: worker
app.kubernetes.io/part-of: airlock
{{- end -}}

{{/*
A Prometheus Operator ServiceMonitor for the calling chart's Service: its http port, path /q/metrics. Off unless
metrics.serviceMonitor.enabled; the Service is ClusterIP, so only scrapers inside the cluster reach it.
*/}}
{{- define "airlock.serviceMonitor" -}}
{{- if .Values.metrics.serviceMonitor.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "airlock.fullname" . }}
  labels:
    {{- include "airlock.labels" . | nindent 4 }}
    {{- with .Values.metrics.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  namespaceSelector:
    matchNames:
      - {{ .Release.Namespace }}
  selector:
    matchLabels:
      {{- include "airlock.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: http
      path: /q/metrics
      interval: {{ .Values.metrics.serviceMonitor.interval }}
      scrapeTimeout: {{ .Values.metrics.serviceMonitor.scrapeTimeout }}
{{- end }}
{{- end -}}

{{/* Labels of the helm test pods, which the NetworkPolicies let in. */}}
{{- define "airlock.testLabels" -}}
app.kubernetes.io/name: airlock-test
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: helm-test
{{- end -}}

{{/* Fails with a clear message when an inline value and an existing Secret are both set, or neither. */}}
{{- define "airlock.oneOf" -}}
{{- if and .inline .existing -}}
{{- fail (printf "%s: set either %s or %s, not both" .what .inlineName .existingName) -}}
{{- end -}}
{{- if and .required (not .inline) (not .existing) -}}
{{- fail (printf "%s is required: %s" .what .hint) -}}
{{- end -}}
{{- end -}}

{{/* ---- helm test pods ---- */}}
{{- define "airlock.test.metadata" -}}
labels:
  {{- include "airlock.testLabels" .ctx | nindent 2 }}
  helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version }}
  app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
annotations:
  helm.sh/hook: test
  helm.sh/hook-weight: {{ .weight | default "0" | quote }}
  helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
{{- end -}}

{{- define "airlock.test.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 100
runAsGroup: 101
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "airlock.test.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop:
    - ALL
{{- end -}}

{{- define "airlock.test.resources" -}}
requests:
  cpu: 10m
  memory: 16Mi
limits:
  cpu: 200m
  memory: 64Mi
{{- end -}}
