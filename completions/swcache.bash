_swcache() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="swcache"
                ;;
            swcache,audit)
                cmd="swcache__subcmd__audit"
                ;;
            swcache,completions)
                cmd="swcache__subcmd__completions"
                ;;
            swcache,config)
                cmd="swcache__subcmd__config"
                ;;
            swcache,deploy)
                cmd="swcache__subcmd__deploy"
                ;;
            swcache,help)
                cmd="swcache__subcmd__help"
                ;;
            swcache,incident)
                cmd="swcache__subcmd__incident"
                ;;
            swcache,maintain)
                cmd="swcache__subcmd__maintain"
                ;;
            swcache,probe)
                cmd="swcache__subcmd__probe"
                ;;
            swcache,rollback)
                cmd="swcache__subcmd__rollback"
                ;;
            swcache,rollout)
                cmd="swcache__subcmd__rollout"
                ;;
            swcache,sandbox)
                cmd="swcache__subcmd__sandbox"
                ;;
            swcache,thresholds)
                cmd="swcache__subcmd__thresholds"
                ;;
            swcache,validate)
                cmd="swcache__subcmd__validate"
                ;;
            swcache__subcmd__config,check)
                cmd="swcache__subcmd__config__subcmd__check"
                ;;
            swcache__subcmd__config,environments)
                cmd="swcache__subcmd__config__subcmd__environments"
                ;;
            swcache__subcmd__config,help)
                cmd="swcache__subcmd__config__subcmd__help"
                ;;
            swcache__subcmd__config,init)
                cmd="swcache__subcmd__config__subcmd__init"
                ;;
            swcache__subcmd__config__subcmd__help,check)
                cmd="swcache__subcmd__config__subcmd__help__subcmd__check"
                ;;
            swcache__subcmd__config__subcmd__help,environments)
                cmd="swcache__subcmd__config__subcmd__help__subcmd__environments"
                ;;
            swcache__subcmd__config__subcmd__help,help)
                cmd="swcache__subcmd__config__subcmd__help__subcmd__help"
                ;;
            swcache__subcmd__config__subcmd__help,init)
                cmd="swcache__subcmd__config__subcmd__help__subcmd__init"
                ;;
            swcache__subcmd__help,audit)
                cmd="swcache__subcmd__help__subcmd__audit"
                ;;
            swcache__subcmd__help,completions)
                cmd="swcache__subcmd__help__subcmd__completions"
                ;;
            swcache__subcmd__help,config)
                cmd="swcache__subcmd__help__subcmd__config"
                ;;
            swcache__subcmd__help,deploy)
                cmd="swcache__subcmd__help__subcmd__deploy"
                ;;
            swcache__subcmd__help,help)
                cmd="swcache__subcmd__help__subcmd__help"
                ;;
            swcache__subcmd__help,incident)
                cmd="swcache__subcmd__help__subcmd__incident"
                ;;
            swcache__subcmd__help,maintain)
                cmd="swcache__subcmd__help__subcmd__maintain"
                ;;
            swcache__subcmd__help,probe)
                cmd="swcache__subcmd__help__subcmd__probe"
                ;;
            swcache__subcmd__help,rollback)
                cmd="swcache__subcmd__help__subcmd__rollback"
                ;;
            swcache__subcmd__help,rollout)
                cmd="swcache__subcmd__help__subcmd__rollout"
                ;;
            swcache__subcmd__help,sandbox)
                cmd="swcache__subcmd__help__subcmd__sandbox"
                ;;
            swcache__subcmd__help,thresholds)
                cmd="swcache__subcmd__help__subcmd__thresholds"
                ;;
            swcache__subcmd__help,validate)
                cmd="swcache__subcmd__help__subcmd__validate"
                ;;
            swcache__subcmd__help__subcmd__config,check)
                cmd="swcache__subcmd__help__subcmd__config__subcmd__check"
                ;;
            swcache__subcmd__help__subcmd__config,environments)
                cmd="swcache__subcmd__help__subcmd__config__subcmd__environments"
                ;;
            swcache__subcmd__help__subcmd__config,init)
                cmd="swcache__subcmd__help__subcmd__config__subcmd__init"
                ;;
            swcache__subcmd__help__subcmd__incident,error-rate)
                cmd="swcache__subcmd__help__subcmd__incident__subcmd__error__subcmd__rate"
                ;;
            swcache__subcmd__help__subcmd__incident,storage-quota)
                cmd="swcache__subcmd__help__subcmd__incident__subcmd__storage__subcmd__quota"
                ;;
            swcache__subcmd__help__subcmd__maintain,daily)
                cmd="swcache__subcmd__help__subcmd__maintain__subcmd__daily"
                ;;
            swcache__subcmd__help__subcmd__maintain,weekly)
                cmd="swcache__subcmd__help__subcmd__maintain__subcmd__weekly"
                ;;
            swcache__subcmd__help__subcmd__rollback,emergency)
                cmd="swcache__subcmd__help__subcmd__rollback__subcmd__emergency"
                ;;
            swcache__subcmd__help__subcmd__rollback,planned)
                cmd="swcache__subcmd__help__subcmd__rollback__subcmd__planned"
                ;;
            swcache__subcmd__help__subcmd__rollout,abort)
                cmd="swcache__subcmd__help__subcmd__rollout__subcmd__abort"
                ;;
            swcache__subcmd__help__subcmd__rollout,advance)
                cmd="swcache__subcmd__help__subcmd__rollout__subcmd__advance"
                ;;
            swcache__subcmd__help__subcmd__rollout,continue)
                cmd="swcache__subcmd__help__subcmd__rollout__subcmd__continue"
                ;;
            swcache__subcmd__help__subcmd__rollout,disable)
                cmd="swcache__subcmd__help__subcmd__rollout__subcmd__disable"
                ;;
            swcache__subcmd__help__subcmd__rollout,enable)
                cmd="swcache__subcmd__help__subcmd__rollout__subcmd__enable"
                ;;
            swcache__subcmd__help__subcmd__rollout,pause)
                cmd="swcache__subcmd__help__subcmd__rollout__subcmd__pause"
                ;;
            swcache__subcmd__help__subcmd__rollout,run)
                cmd="swcache__subcmd__help__subcmd__rollout__subcmd__run"
                ;;
            swcache__subcmd__help__subcmd__rollout,set)
                cmd="swcache__subcmd__help__subcmd__rollout__subcmd__set"
                ;;
            swcache__subcmd__help__subcmd__rollout,status)
                cmd="swcache__subcmd__help__subcmd__rollout__subcmd__status"
                ;;
            swcache__subcmd__help__subcmd__thresholds,alerts)
                cmd="swcache__subcmd__help__subcmd__thresholds__subcmd__alerts"
                ;;
            swcache__subcmd__help__subcmd__thresholds,dashboard)
                cmd="swcache__subcmd__help__subcmd__thresholds__subcmd__dashboard"
                ;;
            swcache__subcmd__help__subcmd__thresholds,show)
                cmd="swcache__subcmd__help__subcmd__thresholds__subcmd__show"
                ;;
            swcache__subcmd__incident,error-rate)
                cmd="swcache__subcmd__incident__subcmd__error__subcmd__rate"
                ;;
            swcache__subcmd__incident,help)
                cmd="swcache__subcmd__incident__subcmd__help"
                ;;
            swcache__subcmd__incident,storage-quota)
                cmd="swcache__subcmd__incident__subcmd__storage__subcmd__quota"
                ;;
            swcache__subcmd__incident__subcmd__help,error-rate)
                cmd="swcache__subcmd__incident__subcmd__help__subcmd__error__subcmd__rate"
                ;;
            swcache__subcmd__incident__subcmd__help,help)
                cmd="swcache__subcmd__incident__subcmd__help__subcmd__help"
                ;;
            swcache__subcmd__incident__subcmd__help,storage-quota)
                cmd="swcache__subcmd__incident__subcmd__help__subcmd__storage__subcmd__quota"
                ;;
            swcache__subcmd__maintain,daily)
                cmd="swcache__subcmd__maintain__subcmd__daily"
                ;;
            swcache__subcmd__maintain,help)
                cmd="swcache__subcmd__maintain__subcmd__help"
                ;;
            swcache__subcmd__maintain,weekly)
                cmd="swcache__subcmd__maintain__subcmd__weekly"
                ;;
            swcache__subcmd__maintain__subcmd__help,daily)
                cmd="swcache__subcmd__maintain__subcmd__help__subcmd__daily"
                ;;
            swcache__subcmd__maintain__subcmd__help,help)
                cmd="swcache__subcmd__maintain__subcmd__help__subcmd__help"
                ;;
            swcache__subcmd__maintain__subcmd__help,weekly)
                cmd="swcache__subcmd__maintain__subcmd__help__subcmd__weekly"
                ;;
            swcache__subcmd__rollback,emergency)
                cmd="swcache__subcmd__rollback__subcmd__emergency"
                ;;
            swcache__subcmd__rollback,help)
                cmd="swcache__subcmd__rollback__subcmd__help"
                ;;
            swcache__subcmd__rollback,planned)
                cmd="swcache__subcmd__rollback__subcmd__planned"
                ;;
            swcache__subcmd__rollback__subcmd__help,emergency)
                cmd="swcache__subcmd__rollback__subcmd__help__subcmd__emergency"
                ;;
            swcache__subcmd__rollback__subcmd__help,help)
                cmd="swcache__subcmd__rollback__subcmd__help__subcmd__help"
                ;;
            swcache__subcmd__rollback__subcmd__help,planned)
                cmd="swcache__subcmd__rollback__subcmd__help__subcmd__planned"
                ;;
            swcache__subcmd__rollout,abort)
                cmd="swcache__subcmd__rollout__subcmd__abort"
                ;;
            swcache__subcmd__rollout,advance)
                cmd="swcache__subcmd__rollout__subcmd__advance"
                ;;
            swcache__subcmd__rollout,continue)
                cmd="swcache__subcmd__rollout__subcmd__continue"
                ;;
            swcache__subcmd__rollout,disable)
                cmd="swcache__subcmd__rollout__subcmd__disable"
                ;;
            swcache__subcmd__rollout,enable)
                cmd="swcache__subcmd__rollout__subcmd__enable"
                ;;
            swcache__subcmd__rollout,help)
                cmd="swcache__subcmd__rollout__subcmd__help"
                ;;
            swcache__subcmd__rollout,pause)
                cmd="swcache__subcmd__rollout__subcmd__pause"
                ;;
            swcache__subcmd__rollout,run)
                cmd="swcache__subcmd__rollout__subcmd__run"
                ;;
            swcache__subcmd__rollout,set)
                cmd="swcache__subcmd__rollout__subcmd__set"
                ;;
            swcache__subcmd__rollout,status)
                cmd="swcache__subcmd__rollout__subcmd__status"
                ;;
            swcache__subcmd__rollout__subcmd__help,abort)
                cmd="swcache__subcmd__rollout__subcmd__help__subcmd__abort"
                ;;
            swcache__subcmd__rollout__subcmd__help,advance)
                cmd="swcache__subcmd__rollout__subcmd__help__subcmd__advance"
                ;;
            swcache__subcmd__rollout__subcmd__help,continue)
                cmd="swcache__subcmd__rollout__subcmd__help__subcmd__continue"
                ;;
            swcache__subcmd__rollout__subcmd__help,disable)
                cmd="swcache__subcmd__rollout__subcmd__help__subcmd__disable"
                ;;
            swcache__subcmd__rollout__subcmd__help,enable)
                cmd="swcache__subcmd__rollout__subcmd__help__subcmd__enable"
                ;;
            swcache__subcmd__rollout__subcmd__help,help)
                cmd="swcache__subcmd__rollout__subcmd__help__subcmd__help"
                ;;
            swcache__subcmd__rollout__subcmd__help,pause)
                cmd="swcache__subcmd__rollout__subcmd__help__subcmd__pause"
                ;;
            swcache__subcmd__rollout__subcmd__help,run)
                cmd="swcache__subcmd__rollout__subcmd__help__subcmd__run"
                ;;
            swcache__subcmd__rollout__subcmd__help,set)
                cmd="swcache__subcmd__rollout__subcmd__help__subcmd__set"
                ;;
            swcache__subcmd__rollout__subcmd__help,status)
                cmd="swcache__subcmd__rollout__subcmd__help__subcmd__status"
                ;;
            swcache__subcmd__thresholds,alerts)
                cmd="swcache__subcmd__thresholds__subcmd__alerts"
                ;;
            swcache__subcmd__thresholds,dashboard)
                cmd="swcache__subcmd__thresholds__subcmd__dashboard"
                ;;
            swcache__subcmd__thresholds,help)
                cmd="swcache__subcmd__thresholds__subcmd__help"
                ;;
            swcache__subcmd__thresholds,show)
                cmd="swcache__subcmd__thresholds__subcmd__show"
                ;;
            swcache__subcmd__thresholds__subcmd__help,alerts)
                cmd="swcache__subcmd__thresholds__subcmd__help__subcmd__alerts"
                ;;
            swcache__subcmd__thresholds__subcmd__help,dashboard)
                cmd="swcache__subcmd__thresholds__subcmd__help__subcmd__dashboard"
                ;;
            swcache__subcmd__thresholds__subcmd__help,help)
                cmd="swcache__subcmd__thresholds__subcmd__help__subcmd__help"
                ;;
            swcache__subcmd__thresholds__subcmd__help,show)
                cmd="swcache__subcmd__thresholds__subcmd__help__subcmd__show"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        swcache)
            opts="-y -q -v -h -V --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version validate deploy rollout rollback maintain incident thresholds config audit completions sandbox probe help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__audit)
            opts="-y -q -v -h -V --since --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --since)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__completions)
            opts="-y -q -v -h -V --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__config)
            opts="-y -q -v -h -V --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version init check environments help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__config__subcmd__check)
            opts="-y -q -v -h -V --online --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__config__subcmd__environments)
            opts="-y -q -v -h -V --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__config__subcmd__help)
            opts="init check environments help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__config__subcmd__help__subcmd__check)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__config__subcmd__help__subcmd__environments)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__config__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__config__subcmd__help__subcmd__init)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__config__subcmd__init)
            opts="-y -q -v -h -V --force --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__deploy)
            opts="-y -q -v -h -V --skip-build --verify-only --allow-insecure --build-dir --release --verify-deadline --skip-staging-gate --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version staging production"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --build-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --release)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --verify-deadline)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --skip-staging-gate)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help)
            opts="validate deploy rollout rollback maintain incident thresholds config audit completions sandbox probe help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__audit)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__config)
            opts="init check environments"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__config__subcmd__check)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__config__subcmd__environments)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__config__subcmd__init)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__deploy)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__incident)
            opts="error-rate storage-quota"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__incident__subcmd__error__subcmd__rate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__incident__subcmd__storage__subcmd__quota)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__maintain)
            opts="daily weekly"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__maintain__subcmd__daily)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__maintain__subcmd__weekly)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__probe)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__rollback)
            opts="emergency planned"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__rollback__subcmd__emergency)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__rollback__subcmd__planned)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__rollout)
            opts="status set advance enable disable run abort pause continue"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__rollout__subcmd__abort)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__rollout__subcmd__advance)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__rollout__subcmd__continue)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__rollout__subcmd__disable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__rollout__subcmd__enable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__rollout__subcmd__pause)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__rollout__subcmd__run)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__rollout__subcmd__set)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__rollout__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__sandbox)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__thresholds)
            opts="show alerts dashboard"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__thresholds__subcmd__alerts)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__thresholds__subcmd__dashboard)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__thresholds__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__help__subcmd__validate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__incident)
            opts="-y -q -v -h -V --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version error-rate storage-quota help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__incident__subcmd__error__subcmd__rate)
            opts="-y -q -v -h -V --textfile --pushgateway --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --textfile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pushgateway)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__incident__subcmd__help)
            opts="error-rate storage-quota help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__incident__subcmd__help__subcmd__error__subcmd__rate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__incident__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__incident__subcmd__help__subcmd__storage__subcmd__quota)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__incident__subcmd__storage__subcmd__quota)
            opts="-y -q -v -h -V --recovery-wait --limit --textfile --pushgateway --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --recovery-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --limit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --textfile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pushgateway)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__maintain)
            opts="-y -q -v -h -V --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version daily weekly help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__maintain__subcmd__daily)
            opts="-y -q -v -h -V --textfile --pushgateway --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --textfile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pushgateway)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__maintain__subcmd__help)
            opts="daily weekly help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__maintain__subcmd__help__subcmd__daily)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__maintain__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__maintain__subcmd__help__subcmd__weekly)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__maintain__subcmd__weekly)
            opts="-y -q -v -h -V --apply --textfile --pushgateway --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --textfile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pushgateway)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__probe)
            opts="-y -q -v -h -V --deadline --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --deadline)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollback)
            opts="-y -q -v -h -V --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version emergency planned help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollback__subcmd__emergency)
            opts="-y -q -v -h -V --kill-switch --verify-deadline --wait-clients --clients-deadline --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --verify-deadline)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --wait-clients)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --clients-deadline)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollback__subcmd__help)
            opts="emergency planned help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollback__subcmd__help__subcmd__emergency)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollback__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollback__subcmd__help__subcmd__planned)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollback__subcmd__planned)
            opts="-y -q -v -h -V --steps --step-wait --poll-interval --resume --abandon --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --steps)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --step-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --poll-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout)
            opts="-y -q -v -h -V --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version status set advance enable disable run abort pause continue help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__abort)
            opts="-y -q -v -h -V --rollback --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --rollback)
                    COMPREPLY=($(compgen -W "planned emergency" -- "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__advance)
            opts="-y -q -v -h -V --schedule --max-error-rate --force --min-bake --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --schedule)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-error-rate)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-bake)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__continue)
            opts="-y -q -v -h -V --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__disable)
            opts="-y -q -v -h -V --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__enable)
            opts="-y -q -v -h -V --schedule --force --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --schedule)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__help)
            opts="status set advance enable disable run abort pause continue help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__help__subcmd__abort)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__help__subcmd__advance)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__help__subcmd__continue)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__help__subcmd__disable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__help__subcmd__enable)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__help__subcmd__pause)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__help__subcmd__run)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__help__subcmd__set)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__help__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__pause)
            opts="-y -q -v -h -V --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__run)
            opts="-y -q -v -h -V --schedule --until --bake --on-failure --resume --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --schedule)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --until)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --bake)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --on-failure)
                    COMPREPLY=($(compgen -W "planned emergency" -- "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__set)
            opts="-y -q -v -h -V --groups --force --min-bake --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --groups)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-bake)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__rollout__subcmd__status)
            opts="-y -q -v -h -V --watch --count --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --watch)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --count)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__sandbox)
            opts="-y -q -v -h -V --port --scenario --scenario-file --latency --fault --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --port)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                --scenario-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --latency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --fault)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__thresholds)
            opts="-y -q -v -h -V --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version show alerts dashboard help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__thresholds__subcmd__alerts)
            opts="-y -q -v -h -V --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__thresholds__subcmd__dashboard)
            opts="-y -q -v -h -V --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__thresholds__subcmd__help)
            opts="show alerts dashboard help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__thresholds__subcmd__help__subcmd__alerts)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__thresholds__subcmd__help__subcmd__dashboard)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__thresholds__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__thresholds__subcmd__help__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__thresholds__subcmd__show)
            opts="-y -q -v -h -V --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        swcache__subcmd__validate)
            opts="-y -q -v -h -V --max-error-rate --precache --watch --count --url --env --config --token-file --output --json --yes --dry-run --no-notify --timeout --sandbox --sandbox-scenario --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --max-error-rate)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --watch)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --count)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --env)
                    COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" config environments 2>/dev/null)" -- "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json jsonl" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sandbox-scenario)
                    COMPREPLY=($(compgen -W "healthy storage-pressure storage-critical error-spike error-critical sync-backlog storage-stuck degraded-hit-rates cohort-healthy cohort-regression worker-redirect precache-missing precache-html-fallback worker-no-skip-waiting" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _swcache -o nosort -o bashdefault -o default swcache
else
    complete -F _swcache -o bashdefault -o default swcache
fi
