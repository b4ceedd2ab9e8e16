package dev.berth.compose.plan;

import java.util.List;

/** A node of a plan: an operation, and the nodes that must be done before it. */
public final class PlanNode {
    private final int id;
    private final Operation operation;
    private final List<PlanNode> dependsOn;

    PlanNode(int id, Operation operation, List<PlanNode> dependsOn) {
        this.id = id;
        this.operation = operation;
        this.dependsOn = List.copyOf(dependsOn);
    }

    public int id() {
        return id;
    }

    public Operation operation() {
        return operation;
    }

    public List<PlanNode> dependsOn() {
        return dependsOn;
    }

    @Override
    public String toString() {
        return "#" + id + " " + operation.resource() + " " + operation.type();
    }
}
