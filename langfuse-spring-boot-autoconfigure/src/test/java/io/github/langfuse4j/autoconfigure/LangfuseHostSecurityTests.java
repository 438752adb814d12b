package io.github.langfuse4j.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import io.github.langfuse4j.ingest.IngestConfig;
import io.github.langfuse4j.ingest.InvalidSettingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the starter says about {@code langfuse.host} and the keys (issue 12 items 10, 11
 * and 12): credentials in the URL are refused without ever being printed, plain http to
 * another machine is warned about once, and the no-keys line names the missing key.
 */
@ExtendWith(OutputCaptureExtension.class)
class LangfuseHostSecurityTests {

	private static final String SECRET = "hunter2";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class));

	@ParameterizedTest
	@ValueSource(strings = { "http://admin:hunter2@localhost:3000", "https://admin:hunter2@cloud.langfuse.com/",
			"http://hunter2@127.0.0.1:3000", "ftp://admin:hunter2@example.com", "http://admin:hunter2@exa mple.com" })
	void userInfoInTheHostIsRefusedWithoutShowingIt(String host) {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> IngestConfig.builder().host(host).build())
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("host"))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(SECRET))
			.satisfies((ex) -> assertThat(String.valueOf(ex.getValue())).doesNotContain(SECRET));
	}

	@Test
	void userInfoInTheHostFailsStartupPointingToTheKeys(CapturedOutput output) {
		this.runner
			.withPropertyValues("langfuse.host=http://admin:hunter2@localhost:3000", "langfuse.public-key=pk-lf-1",
					"langfuse.secret-key=sk-lf-2")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				while (failure != null && !(failure instanceof InvalidConfigurationPropertyValueException)) {
					failure = failure.getCause();
				}
				assertThat(failure).isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("langfuse.public-key")
					.hasMessageContaining("langfuse.secret-key")
					.hasMessageNotContaining(SECRET);
				assertThat(((InvalidConfigurationPropertyValueException) failure).getName()).isEqualTo("langfuse.host");
			});
		assertThat(output).doesNotContain(SECRET);
	}

	@Test
	void userInfoInTheHostIsNotInTheFailureReport(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run("--langfuse.host=http://admin:hunter2@localhost:3000", "--langfuse.public-key=pk-lf-1",
					"--langfuse.secret-key=sk-lf-2")
			.close());
		assertThat(output).contains("for configuration property 'langfuse.host'")
			.contains("langfuse.public-key")
			.doesNotContain(SECRET);
	}

	@Test
	void plainHttpToAnotherMachineIsWarnedAboutOnce(CapturedOutput output) {
		this.runner
			.withPropertyValues("langfuse.host=http://langfuse.example.com:3000", "langfuse.public-key=pk-lf-1",
					"langfuse.secret-key=sk-lf-2")
			.run((context) -> assertThat(context).hasNotFailed());
		String warning = "sends the project keys and all telemetry unencrypted";
		assertThat(output.getOut()).containsOnlyOnce(warning).contains("http://langfuse.example.com:3000");
		assertThat(output).doesNotContain("sk-lf-2");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:3000", "http://127.0.0.1:3000", "http://127.8.9.10", "http://[::1]:3000",
			"http://LOCALHOST", "http://langfuse.localhost:3000", "https://langfuse.example.com" })
	void plainHttpToThisMachineOrHttpsIsSilent(String host, CapturedOutput output) {
		this.runner
			.withPropertyValues("langfuse.host=" + host, "langfuse.public-key=pk-lf-1", "langfuse.secret-key=sk-lf-2")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("unencrypted");
	}

	@Test
	void plainHttpWithoutKeysIsSilent(CapturedOutput output) {
		this.runner.withPropertyValues("langfuse.host=http://langfuse.example.com")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("unencrypted");
	}

	@Test
	void theNoKeysLineNamesTheMissingSecretKey(CapturedOutput output) {
		this.runner.withPropertyValues("langfuse.public-key=pk-lf-1")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("Langfuse export is inactive: langfuse.secret-key is not set")
			.doesNotContain("langfuse.public-key is not set");
	}

	@Test
	void theNoKeysLineNamesTheMissingPublicKey(CapturedOutput output) {
		this.runner.withPropertyValues("langfuse.secret-key=sk-lf-2")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("Langfuse export is inactive: langfuse.public-key is not set")
			.doesNotContain("langfuse.secret-key is not set")
			.doesNotContain("sk-lf-2");
	}

	@Test
	void theNoKeysLineNamesBothKeysWhenBothAreMissing(CapturedOutput output) {
		this.runner.withPropertyValues("langfuse.public-key= ").run((context) -> assertThat(context).hasNotFailed());
		assertThat(output)
			.contains("Langfuse export is inactive: langfuse.public-key and langfuse.secret-key are not set");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
