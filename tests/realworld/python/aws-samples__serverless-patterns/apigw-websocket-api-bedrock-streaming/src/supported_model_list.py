MODELS_WITH_STREAMING_SUPPORT = [
    "amazon.titan-text-express-v1",
    "amazon.titan-tg1-large",
    "anthropic.claude-v1",
    "anthropic.claude-v2",
    "anthropic.claude-v2:1",
    "anthropic.claude-instant-v1",
    "cohere.command-text-v14",
    "cohere.command-light-text-v14",
    "meta.llama2-13b-chat-v1",
    "meta.llama2-70b-chat-v1"
]