package dev.berth.compose.plan;

import dev.berth.api.ContainerSummary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A graph of operations, each node after the nodes it depends on (the order they were added). Printed one
 * node a line, as Docker Compose prints its plans:
 * <pre>
 * [] -> #1 network:default, CreateNetwork, not found
 * [1] -> #2 service:web:1, CreateContainer, no existing container
 * </pre>
 */
public final class Plan {
    private final List<PlanNode> nodes = new ArrayList<>();

    public List<PlanNode> nodes() {
        return nodes;
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    PlanNode add(Operation.Type type, String resource, String cause, String service, int number, String name,
                 ContainerSummary container, PlanNode createdBy, Collection<PlanNode> deps) {
        LinkedHashSet<PlanNode> d = new LinkedHashSet<>();
        for (PlanNode n : deps) if (n != null) d.add(n);
        if (createdBy != null) d.add(createdBy);
        PlanNode node = new PlanNode(nodes.size() + 1, new Operation(type, resource, cause, service, number, name, container, createdBy),
                new ArrayList<>(d));
        nodes.add(node);
        return node;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (PlanNode n : nodes) {
            List<Integer> deps = new ArrayList<>();
            for (PlanNode d : n.dependsOn()) deps.add(d.id());
            deps.sort(null);
            sb.append('[');
            for (int i = 0; i < deps.size(); i++) sb.append(i == 0 ? "" : ",").append(deps.get(i));
            Operation o = n.operation();
            sb.append("] -> #").append(n.id()).append(' ').append(o.resource()).append(", ").append(o.type()).append(", ").append(o.cause());
            sb.append('\n');
        }
        return sb.toString();
    }
}
