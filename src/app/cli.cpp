#include "app/cli.hpp"

#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "app/serve.hpp"
#include "app/users_command.hpp"
#include "catalog/catalog.hpp"
#include "core/config/config.hpp"
#include "core/config/config_warnings.hpp"

namespace menshen::app {
namespace {

// Flags every config-reading subcommand shares; they become config overrides (highest precedence).
struct ConfigFlags {
  std::string file;
  std::string listen;
  std::string data_dir;
  std::vector<std::string> sets;

  void AddTo(CLI::App* command) {
    command->add_option("-c,--config", file, "TOML config file (default: $MENSHEN_CONFIG)");
    command->add_option("--listen", listen, "address to listen on, host:port");
    command->add_option("--data-dir", data_dir, "folder for the SQLite database and generated keys");
    command->add_option("--set", sets, "override any key: section.key=value (repeatable)");
  }

  // Loads the config; prints every problem and returns nullopt when there is any.
  std::optional<Config> Load() const {
    std::vector<std::string> overrides = sets;
    if (!listen.empty()) overrides.push_back("server.listen=" + listen);
    if (!data_dir.empty()) overrides.push_back("data_dir=" + data_dir);
    std::string path = file;
    if (path.empty()) {
      if (const char* from_env = std::getenv("MENSHEN_CONFIG")) path = from_env;
    }
    auto loaded = LoadConfig(
        path, [](const char* name) { return std::getenv(name); }, overrides);
    for (const auto& problem : loaded.problems) fmt::print(stderr, "{}\n", FormatProblem(problem));
    if (!loaded.problems.empty()) return std::nullopt;
    return loaded.config;
  }
};

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App cli{"menshen: identity and access server"};
  cli.require_subcommand(1);
  int exit_code = 0;

  ConfigFlags serve_flags;
  auto* serve = cli.add_subcommand("serve", "run the server");
  serve_flags.AddTo(serve);
  serve->callback([&] {
    const auto config = serve_flags.Load();
    exit_code = config ? Serve(*config) : 2;
  });

  ConfigFlags migrate_flags;
  auto* migrate = cli.add_subcommand("migrate", "apply pending database migrations");
  migrate_flags.AddTo(migrate);
  migrate->callback([&] {
    const auto config = migrate_flags.Load();
    exit_code = config ? Migrate(*config) : 2;
  });

  auto* keys_cmd = cli.add_subcommand("keys", "token signing keys");
  keys_cmd->require_subcommand(1);
  ConfigFlags rotate_flags;
  std::string rotate_alg = "ES256";
  auto* rotate = keys_cmd->add_subcommand("rotate", "make a new signing key active; the old one stays published");
  rotate_flags.AddTo(rotate);
  rotate->add_option("--alg", rotate_alg, "ES256 (access tokens), RS256 (ID tokens) or EdDSA")->capture_default_str();
  rotate->callback([&] {
    const auto config = rotate_flags.Load();
    exit_code = config ? RotateKeys(*config, rotate_alg) : 2;
  });

  auto* users_cmd = cli.add_subcommand("users", "account operations straight on the database");
  users_cmd->require_subcommand(1);
  ConfigFlags unlock_flags;
  std::string unlock_name;
  auto* unlock = users_cmd->add_subcommand(
      "unlock", "lift every lock of an account (administrator's lock, sign-in throttling), also for a running server");
  unlock_flags.AddTo(unlock);
  unlock->add_option("name", unlock_name, "username, e-mail or phone")->required();
  unlock->callback([&] {
    const auto config = unlock_flags.Load();
    exit_code = config ? UnlockUser(*config, unlock_name) : 2;
  });

  auto* config_cmd = cli.add_subcommand("config", "configuration tools");
  config_cmd->require_subcommand(1);
  ConfigFlags check_flags;
  auto* config_check = config_cmd->add_subcommand("check", "report every problem in the configuration");
  check_flags.AddTo(config_check);
  config_check->callback([&] {
    const auto config = check_flags.Load();
    if (config) {
      for (const auto& warning : ConfigWarnings(*config)) fmt::print(stderr, "warning: {}\n", warning);
      fmt::print("configuration ok\n");
    }
    exit_code = config ? 0 : 1;
  });

  auto* catalog_cmd = cli.add_subcommand("catalog", "error catalog tools");
  catalog_cmd->require_subcommand(1);
  std::string profile = "menshen", format = "md", profile_dir, table_file;
  auto* export_cmd = catalog_cmd->add_subcommand("export", "print a profile's table in its source layout");
  export_cmd->add_option("--profile", profile, "profile name")->capture_default_str();
  export_cmd->add_option("--format", format, "md, rst or json")
      ->check(CLI::IsMember({"md", "rst", "json"}))
      ->capture_default_str();
  export_cmd->add_option("--profile-dir", profile_dir, "folder of operator profiles");
  export_cmd->callback([&] { exit_code = catalog::ExportCommand(profile, format, profile_dir, std::cout, std::cerr); });
  auto* check_cmd = catalog_cmd->add_subcommand("check", "lint a Markdown or RST error-code table");
  check_cmd->add_option("file", table_file, "the table file")->required();
  check_cmd->callback([&] { exit_code = catalog::CheckCommand(table_file, std::cout); });

  cli.add_subcommand("version", "print the version")->callback([] { fmt::print("menshen 0.1.0\n"); });

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  } catch (const std::exception& e) {
    // Start-up failures (a broken catalog profile, an unusable address) end here with their reason.
    fmt::print(stderr, "menshen: {}\n", e.what());
    return 1;
  }
  return exit_code;
}

}  // namespace menshen::app
