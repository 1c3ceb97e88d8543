package dev.hotpath.collector.query;

import jakarta.ws.rs.QueryParam;
import java.util.List;

/** The query parameters every profile endpoint takes: range, sample type, thread-state view, instance, versions, labels. */
public class ProfileParams {

    @QueryParam("from")
    String from;

    @QueryParam("to")
    String to;

    @QueryParam("type")
    String type;

    @QueryParam("view")
    String view;

    @QueryParam("instance")
    String instance;

    // Repeatable, and each value may be a comma list: version=1.2&version=1.3 or version=1.2,1.3.
    @QueryParam("version")
    List<String> version;

    // Repeatable: label=endpoint:GET /search&label=tenant:acme (see LabelParams).
    @QueryParam("label")
    List<String> label;
}
