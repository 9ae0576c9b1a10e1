package dev.airlock.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a task asks a worker to do. */
public enum TaskType {
    /** Read a source table, train a model, write the model, a report and a synthetic sample. */
    @JsonProperty("train")
    TRAIN,
    /** Load a trained model and write synthetic rows. */
    @JsonProperty("generate")
    GENERATE,
    /** Compare a synthetic table with its source and write a report. */
    @JsonProperty("evaluate")
    EVALUATE;
}
