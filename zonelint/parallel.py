"""Loading the files of a run in this process (``-j N`` over several files: :mod:`zonelint.shard`)."""

from __future__ import annotations

import os

from .config import Config


def load_options(config: Config, cwd: str):
    from .loadtypes import LoadOptions

    return LoadOptions(
        lint_root=os.path.realpath(config.root),
        include_path=[os.path.join(config.root, p) for p in config.include_path],
        allow_include_outside=config.allow_include_outside,
        max_generate=config.max_generate,
        max_include_depth=config.max_include_depth,
        cwd=cwd,
    )


def load_one(path: str, reported: bool, config: Config, opts, options, parts: int = 1):
    from .origin import origin_from_config, origin_from_filename
    from .discovery import display_path

    origin = opts.origin if (reported and opts.origin) else origin_from_config(path, config.origins, config.root)
    # the fast scanner, which hands what it does not fully understand to the reference loader
    # (ZONELINT_REFERENCE_LOADER=1 forces the reference loader for everything)
    if parts > 1:  # one big file under -j N: parts of it in parallel (zonelint.split)
        from .split import load_zone_split

        return load_zone_split(path, display_path(path, opts.cwd), origin, options,
                               fallback_origin=origin_from_filename(path), reported=reported, parts=parts)
    from .scanner import load_zone

    return load_zone(
        path,
        display_path(path, opts.cwd),
        origin,
        options,
        fallback_origin=origin_from_filename(path),
        reported=reported,
    )


def load_many(files: list[tuple[str, bool]], config: Config, opts):
    """Load each ``(path, reported)`` file; returns the LoadedZones in the same order (an
    :class:`OSError` in place of a file that could not be read)."""
    options = load_options(config, opts.cwd)
    total = len(files)
    # a single file: split it over the processes -j allows (only files of 16 MiB and more are)
    parts = effective_jobs(opts, [p for p, _ in files]) if total == 1 else 1
    out = []
    records = 0
    for i, (path, reported) in enumerate(files, 1):
        if opts.progress is not None:  # report records while a large file is still loading
            options.on_records = lambda n, i=i, before=records: opts.progress(i - 1, total, before + n)
        try:
            lz = load_one(path, reported, config, opts, options, parts)
        except OSError as e:  # checked readable, but reading failed (EIO, a race, ...)
            out.append(e)
            continue
        records += len(lz.records)
        out.append(lz)
        if opts.progress is not None:
            opts.progress(i, total, records)
    return out


def effective_jobs(opts, paths: list[str]) -> int:
    """``-j N`` as given, else automatic (serial unless the run is big: ``jobs.auto_jobs``)."""
    if opts.jobs is not None:
        return opts.jobs
    if getattr(opts, "_auto_jobs", None) is None:
        from .jobs import auto_jobs

        opts._auto_jobs = auto_jobs(paths)
    return opts._auto_jobs
