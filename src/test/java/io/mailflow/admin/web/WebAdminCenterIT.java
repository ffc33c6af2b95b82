package io.mailflow.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.mailflow.admin.AdminServer;
import io.mailflow.model.HostPort;
import io.mailflow.receive.Passwords;
import io.mailflow.store.admin.AdminRole;
import io.mailflow.store.configuration.ChangeSource;
import io.mailflow.store.configuration.ConfigurationChange;
import io.mailflow.store.sqlite.SqliteAdminDirectory;
import io.mailflow.testing.Browser;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web admin center in a real browser (Debian's Chromium through Playwright) against a running
 * gateway: sign-in, the main pages in English and Japanese with an accessibility check, the queue
 * page's operations on a message deferred by an unreachable smart host, and what a ViewOnly
 * account or a forged form cannot do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebAdminCenterIT {

    private static final String HOP = "connector:Unreachable on-premises";
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path dir;

    private TestGateway gateway;
    private AdminServer admin;
    private Browser browser;
    private BrowserContext context;
    private Page page;
    private final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        gateway = TestGateway.start(dir, "", TestGateway.DIRECTORY + TestGateway.UNREACHABLE_CONNECTOR + """
                transport:
                  smartHostConnectTimeout: 2s
                """);
        admin = new AdminServer(gateway.gateway()).start(HostPort.parse("127.0.0.1:0", -1));
        try (var directory = SqliteAdminDirectory.open(gateway.gateway().config().dataDirectory(), java.time.Clock.systemUTC())) {
            var by = new ConfigurationChange("local:test", ChangeSource.CLI, null, null);
            directory.addAccount("admin", AdminRole.Administrator, Passwords.hash(PASSWORD.toCharArray()), by).orElseThrow();
            directory.addAccount("viewer", AdminRole.ViewOnly, Passwords.hash(PASSWORD.toCharArray()), by).orElseThrow();
        }
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            assertThat(c.sendMail("sender@example.com", List.of("dana@fabrikam.test"), "Subject: stuck\r\n\r\nhello\r\n")).startsWith("250");
        }
        browser = Browser.launch();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        admin.stop();
        gateway.close();
    }

    @BeforeEach
    void freshBrowserProfile() {
        context = browser.context("en-US", "Asia/Tokyo");
        page = context.newPage();
        consoleErrors.clear();
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) {
                consoleErrors.add(m.text()); // a Content-Security-Policy violation shows here
            }
        });
    }

    @AfterEach
    void closeProfile() {
        context.close();
    }

    private void signIn(String name, String password) {
        page.getByLabel("Account name").fill(name);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
    }

    private String h1() {
        return page.locator("h1").innerText();
    }

    @Test
    void aPageAsksForSignInAndThenOpensWithASessionCookieScriptsCannotRead() {
        page.navigate(admin.url() + "/queues");
        assertThat(page.url()).startsWith(admin.url() + "/login?next=");
        assertThat(h1()).isEqualTo("Sign in");

        signIn("admin", "wrong password");
        assertThat(page.getByRole(AriaRole.ALERT).innerText()).isEqualTo("Wrong account name or password.");

        signIn("admin", PASSWORD);
        page.waitForURL(admin.url() + "/queues");
        assertThat(h1()).isEqualTo("Queues");
        var cookie = context.cookies().stream().filter(c -> c.name.equals(WebAccess.SESSION_COOKIE)).findFirst().orElseThrow();
        assertThat(cookie.httpOnly).isTrue();
        assertThat(cookie.sameSite.name()).isEqualTo("STRICT");
        assertThat(page.evaluate("() => document.cookie")).asString().doesNotContain(WebAccess.SESSION_COOKIE);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        page.waitForURL(admin.url() + "/login");
        page.navigate(admin.url() + "/");
        assertThat(page.url()).startsWith(admin.url() + "/login");
    }

    @Test
    void everyMainPageIsInTheNavNamedByItsHeadingAccessibleAndFitsTheScreenInEnglishAndJapanese() {
        page.navigate(admin.url() + "/login");
        signIn("admin", PASSWORD);
        page.waitForURL(admin.url() + "/");
        Map<String, String> japanese = Map.of("Dashboard", "ダッシュボード", "Connectors", "コネクタ",
                "Accepted domains", "承認済みドメイン", "Queues", "キュー");
        for (String language : List.of("en", "ja")) {
            var nav = page.getByRole(AriaRole.NAVIGATION);
            List<String> links = nav.getByRole(AriaRole.LINK).allInnerTexts();
            assertThat(links).hasSize(4);
            for (String link : links) {
                nav.getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName(link).setExact(true)).click();
                page.waitForLoadState();
                assertThat(h1()).isEqualTo(link);
                assertThat(page.locator("html").getAttribute("lang")).isEqualTo(language);
                assertThat(nav.locator("[aria-current=page]").innerText()).isEqualTo(link);
                assertThat(page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                        .as("no horizontal scrolling on %s at 1366x768", link).isEqualTo(true);
                assertThat(Browser.seriousViolations(page)).as("axe on %s (%s)", link, language).isEmpty();
                // for docs/web-admin-center.md: looked at, then copied to docs/images by hand
                page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/web-screenshots",
                        language + "-" + page.url().replaceAll(".*/", "").replaceAll("^$", "dashboard") + ".png")));
            }
            if (language.equals("en")) {
                assertThat(links).containsExactly("Dashboard", "Connectors", "Accepted domains", "Queues");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("日本語")).click();
                page.waitForLoadState();
                assertThat(page.getByRole(AriaRole.NAVIGATION).getByRole(AriaRole.LINK).allInnerTexts())
                        .containsExactly(japanese.get("Dashboard"), japanese.get("Connectors"), japanese.get("Accepted domains"),
                                japanese.get("Queues"));
            }
        }
        // the Japanese connectors page names the connector's type and route in Japanese
        page.navigate(admin.url() + "/connectors");
        assertThat(page.locator("main").innerText()).contains("送信コネクタ", "組織のメール サーバー", "127.0.0.1:1");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void theQueuePageShowsADeferredNextHopAndSuspendsResumesAndRetriesIt() {
        page.navigate(admin.url() + "/login?next=/queues");
        signIn("admin", PASSWORD);
        page.waitForURL(admin.url() + "/queues");
        var row = page.getByRole(AriaRole.ROW).filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(HOP)).first();
        page.waitForCondition(() -> {
            page.reload();
            return page.getByRole(AriaRole.ROW).filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(HOP)).first()
                    .innerText().contains("127.0.0.1:1");
        }, new Page.WaitForConditionOptions().setTimeout(20_000));
        assertThat(row.innerText()).contains("Delivering");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Suspend " + HOP)).click();
        page.waitForLoadState();
        assertThat(page.getByRole(AriaRole.STATUS).innerText()).contains("suspended");
        assertThat(gateway.gateway().queue().suspendedNextHops()).containsExactly(HOP);
        assertThat(row.innerText()).contains("Suspended");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resume " + HOP)).click();
        page.waitForLoadState();
        assertThat(gateway.gateway().queue().suspendedNextHops()).isEmpty();

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(HOP)).first().click();
        page.waitForLoadState();
        assertThat(page.locator("h2#messages-heading").innerText()).isEqualTo("Messages waiting for " + HOP);
        page.getByRole(AriaRole.CHECKBOX).first().check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Retry selected")).click();
        page.waitForLoadState();
        assertThat(page.getByRole(AriaRole.STATUS).innerText()).isEqualTo("1 messages will be retried now.");
    }

    @Test
    void aViewOnlyAccountSeesNoChangeControlsAndItsChangesAreRefused() throws Exception {
        page.navigate(admin.url() + "/login?next=/queues");
        signIn("viewer", PASSWORD);
        page.waitForURL(admin.url() + "/queues");
        assertThat(page.locator("main").innerText()).contains(HOP);
        assertThat(page.locator("main button")).satisfies(l -> assertThat(l.count()).isZero());

        // the same form a Administrator would send, with the viewer's own valid token: refused, nothing changes
        String csrf = page.locator("input[name=csrf]").first().getAttribute("value");
        var r = page.request().post(admin.url() + "/queues/next-hop", com.microsoft.playwright.options.RequestOptions.create()
                .setForm(com.microsoft.playwright.options.FormData.create().set("csrf", csrf).set("nextHop", HOP).set("action", "suspend")));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).contains("ViewOnly");
        assertThat(gateway.gateway().queue().suspendedNextHops()).isEmpty();

        // an account removed by the CLI (another process) loses its session at its next request
        try (var directory = SqliteAdminDirectory.open(gateway.gateway().config().dataDirectory(), java.time.Clock.systemUTC())) {
            directory.removeAccount("viewer", new ConfigurationChange("local:test", ChangeSource.CLI, null, null));
            page.navigate(admin.url() + "/queues");
            assertThat(page.url()).startsWith(admin.url() + "/login");
            directory.addAccount("viewer", AdminRole.ViewOnly, Passwords.hash(PASSWORD.toCharArray()),
                    new ConfigurationChange("local:test", ChangeSource.CLI, null, null)).orElseThrow();
        }
    }

    @Test
    void aChangeWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        page.navigate(admin.url() + "/login");
        signIn("admin", PASSWORD);
        page.waitForURL(admin.url() + "/");
        String session = context.cookies().stream().filter(c -> c.name.equals(WebAccess.SESSION_COOKIE)).findFirst().orElseThrow().value;
        HttpClient http = HttpClient.newHttpClient();
        for (String body : List.of("nextHop=" + java.net.URLEncoder.encode(HOP, java.nio.charset.StandardCharsets.UTF_8) + "&action=suspend",
                "csrf=forged&nextHop=x&action=suspend")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(admin.url() + "/queues/next-hop"))
                    .header("Cookie", WebAccess.SESSION_COOKIE + "=" + session)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(body).isEqualTo(403);
        }
        assertThat(gateway.gateway().queue().suspendedNextHops()).isEmpty();
        // every page is served with a policy that allows no inline script
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(admin.url() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(p ->
                assertThat(p).contains("script-src 'self'").doesNotContain("unsafe-inline"));
    }
}
