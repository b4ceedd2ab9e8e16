package dev.berth.cli.command;

/** Flag descriptions shared by several commands (docker's {@code flagsHelper}). */
final class Help {
    private Help() {}

    static final String FORMAT = """
            Format output using a custom template:
            'table':            Print output in table format with column headers (default)
            'table TEMPLATE':   Print output in table format using the given Go template
            'json':             Print in JSON format
            'TEMPLATE':         Print output using the given Go template.
            Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates""";

    static final String INSPECT_FORMAT = """
            Format output using a custom template:
            'json':             Print in JSON format
            'TEMPLATE':         Print output using the given Go template.
            Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates""";
}
