// Import: parse → run every op through the emulator in order → capture.
#include "plan/import.h"

#include "plan/plan.h"

namespace nslab::model::plan {

ImportResult importScript(std::string_view text, const std::string &hostName)
{
    ImportResult result{{}, kernel::Kernel(kernel::Profile::kernelDefaults(), hostName), {}, {}};
    ops::ParseOptions options;
    options.hostName = hostName;
    const std::vector<ops::ParsedCommand> commands = ops::parseScript(text, options);
    result.commands.reserve(commands.size());
    int index = 0;
    for (const ops::ParsedCommand &c : commands) {
        CommandOutcome outcome;
        outcome.index = ++index;
        outcome.line = c.line;
        outcome.text = c.text;
        if (c.unsupported) {
            // Not something nslab can model: say so and go on, as a console paste would.
            outcome.unsupported = true;
            outcome.result.exitCode = 127;
            outcome.result.err = (c.message.empty() ? std::string("not supported by nslab") : c.message) + "\n";
        } else {
            // A command that expands to several ops (none: a shell no-op such as `set -e`) (sysctl -w a=1 b=2) reports like the real one:
            // every op's output in order, the first failure's exit code.
            for (const ops::Op &op : c.ops) {
                ops::Result r = result.kernel.apply(op);
                outcome.result.out += r.out;
                outcome.result.err += r.err;
                if (outcome.result.exitCode == 0)
                    outcome.result.exitCode = r.exitCode;
            }
        }
        result.commands.push_back(std::move(outcome));
    }
    result.topology = capture(result.kernel, &result.warnings);
    return result;
}

} // namespace nslab::model::plan
