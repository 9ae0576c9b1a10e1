{{/* The worker classes in use: train, generate, evaluate, and gpu when enabled. */}}
{{- define "airlock-dispatcher.workerClasses" -}}
{{- $classes := list "train" "generate" "evaluate" -}}
{{- if .Values.workerClasses.gpu.enabled -}}{{- $classes = append $classes "gpu" -}}{{- end -}}
{{- join "," $classes -}}
{{- end -}}

{{/* include "airlock-dispatcher.workerServiceAccount" (list . "train") */}}
{{- define "airlock-dispatcher.workerServiceAccount" -}}
{{- $ctx := index . 0 -}}
{{- $class := index . 1 -}}
{{- (index $ctx.Values.workerClasses $class).serviceAccount.name | default (printf "%s-worker-%s" $ctx.Release.Name $class) -}}
{{- end -}}

{{- define "airlock-dispatcher.serviceAccountName" -}}
{{- .Values.serviceAccount.name | default (include "airlock.fullname" .) -}}
{{- end -}}

{{- define "airlock-dispatcher.verifyKeySecret" -}}
{{- .Values.taskSigning.existingSecret | default (include "airlock.fullname" .) -}}
{{- end -}}

{{- define "airlock-dispatcher.licenseSecret" -}}
{{- .Values.license.existingSecret | default (printf "%s-license" (include "airlock.fullname" .)) -}}
{{- end -}}

{{- define "airlock-dispatcher.encryptionSecret" -}}
{{- .Values.encryption.existingSecret | default "airlock-encryption-config" -}}
{{- end -}}

{{/* Required values, each failing with what to set. */}}
{{- define "airlock-dispatcher.validate" -}}
{{- $inlineLicense := or .Values.featuresJson .Values.featuresSigJson -}}
{{- include "airlock.oneOf" (dict "what" "the dispatcher's license" "inline" $inlineLicense "inlineName" "dispatcher.featuresJson/featuresSigJson" "existing" .Values.license.existingSecret "existingName" "dispatcher.license.existingSecret" "required" true "hint" "pass the license files with --set-file dispatcher.featuresJson=features.json --set-file dispatcher.featuresSigJson=features.sig.json (or set dispatcher.license.existingSecret)") -}}
{{- if and $inlineLicense (not (and .Values.featuresJson .Values.featuresSigJson)) -}}
{{- fail "the dispatcher's license needs both files: --set-file dispatcher.featuresJson=features.json --set-file dispatcher.featuresSigJson=features.sig.json" -}}
{{- end -}}
{{- $inlineKeys := or .Values.encryption.dsRootKey .Values.encryption.analysisEncryptionKey -}}
{{- include "airlock.oneOf" (dict "what" "dispatcher.encryption" "inline" $inlineKeys "inlineName" "the inline keys dispatcher.encryption.dsRootKey/analysisEncryptionKey" "existing" .Values.encryption.existingSecret "existingName" "dispatcher.encryption.existingSecret (to use inline keys set dispatcher.encryption.existingSecret=\"\")" "required" true "hint" "set dispatcher.encryption.existingSecret (default airlock-encryption-config, created beforehand) or both inline keys with dispatcher.encryption.existingSecret=\"\"") -}}
{{- if and $inlineKeys (not (and .Values.encryption.dsRootKey .Values.encryption.analysisEncryptionKey)) -}}
{{- fail "dispatcher.encryption: inline keys need both dsRootKey and analysisEncryptionKey" -}}
{{- end -}}
{{- include "airlock.oneOf" (dict "what" "dispatcher.taskSigning" "inline" .Values.taskSigning.publicKey "inlineName" "dispatcher.taskSigning.publicKey" "existing" .Values.taskSigning.existingSecret "existingName" "dispatcher.taskSigning.existingSecret" "required" true "hint" "set dispatcher.taskSigning.existingSecret to a Secret holding the hub's Ed25519 public key (key verify-key), or dispatcher.taskSigning.publicKey") -}}
{{- end -}}
