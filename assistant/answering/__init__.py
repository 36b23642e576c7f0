"""Answering layer: read the question, retrieve, choose and cite sentences or refuse; optional LLM answers."""
