package io.mailflow.testing;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright, headless, with no browser download (the package
 * {@code chromium} is what {@code .ci/run} installs). {@code MAILFLOW_CHROMIUM} names another
 * binary.
 */
public final class Browser implements AutoCloseable {

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;

    private Browser(Playwright playwright, com.microsoft.playwright.Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static Path executable() {
        return Path.of(System.getenv().getOrDefault("MAILFLOW_CHROMIUM", "/usr/bin/chromium"));
    }

    public static Browser launch() {
        if (!Files.isExecutable(executable())) {
            throw new IllegalStateException("no Chromium at " + executable() + ": apt-get install chromium (bin/lib/test-deps.sh does)");
        }
        Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            var b = pw.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(executable()).setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                            "--disable-extensions", "--no-first-run")));
            return new Browser(pw, b);
        } catch (RuntimeException e) {
            pw.close();
            throw e;
        }
    }

    /** A fresh profile (no cookies) with a 1366×768 window in {@code locale}. */
    public com.microsoft.playwright.BrowserContext context(String locale, String timeZone) {
        return browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1366, 768)
                .setLocale(locale).setTimezoneId(timeZone));
    }

    /**
     * The serious and critical accessibility violations axe-core finds on the page, as
     * "rule: elements"; empty when there is none. axe runs through the DevTools protocol, so the
     * page's Content-Security-Policy (no inline script) stays on.
     */
    public static List<String> seriousViolations(Page page) {
        page.evaluate(axeSource());
        Object found = page.evaluate("async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
                + " return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')); }");
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) found;
        return list;
    }

    private static String axeSource() {
        try (InputStream in = Browser.class.getResourceAsStream("/axe/axe.min.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
