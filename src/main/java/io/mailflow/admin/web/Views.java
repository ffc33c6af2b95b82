package io.mailflow.admin.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders the precompiled templates of {@code src/main/jte} (compiled by the build, so none is parsed at run time). */
final class Views {

    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html, null,
            "io.mailflow.admin.web.templates");

    private Views() {
    }

    /** Answers {@code ctx} with template {@code name}, given the page and the template's other parameters as name, value pairs. */
    static void render(Context ctx, String name, WebPage page, Object... params) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("page", page);
        for (int i = 0; i < params.length; i += 2) {
            all.put((String) params[i], params[i + 1]);
        }
        StringOutput out = new StringOutput();
        ENGINE.render(name + ".jte", all, out);
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }
}
