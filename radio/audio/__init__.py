"""Assemble: join spoken segments and jingles, level loudness, export a tagged MP3; inspect MP3s.

assemble.assemble(script, spoken, settings, cache_dir) -> Programme   (levelled, cached per segment)
render.render(programme, out_path, tags, settings) -> Rendered         (one ffmpeg pass + tags)
tags.episode_tags(program, month) -> EpisodeTags
inspect.inspect_mp3(path) -> Inspection;  inspect.problems(inspection, program, audio) -> [str]
"""
