// The AWS SDK warns on Node 20 that 2027's versions need Node 22; the project pins an SDK that runs here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
